package org.rlhf4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What an {@link AnswerTask} sends back.
 *
 * @param request the task's request
 * @param batch the task's batch
 * @param answers one answer per prompt, in order
 * @param judged when the task judged: each answer's {@code JudgedResponse} as JSON; else null
 * @param where which executor and host answered
 */
public record AnswerResult(int request, int batch, List<String> answers, List<String> judged, String where)
        implements Serializable {

    private static final long serialVersionUID = 1L;
}
