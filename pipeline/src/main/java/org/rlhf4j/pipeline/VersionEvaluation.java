package org.rlhf4j.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.arena.JsonLinesOutput;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.JudgeReport;
import org.rlhf4j.eval.JudgedResponse;

/**
 * One model version's answers to the fixed test prompts, judged by the arena: {@value #ANSWERS_FILE} (one judged
 * answer per prompt, in prompt order) in the stage's directory. The report compares versions from these files.
 */
public final class VersionEvaluation {

    /** The judged answers, JSON Lines of {@link JudgedResponse}. */
    public static final String ANSWERS_FILE = "answers.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private VersionEvaluation() {}

    /**
     * Answers every prompt with the model in {@code modelDir}, judges the answers and writes them to
     * {@code outDir/answers.jsonl}.
     *
     * @return the judge's headline numbers ({@link JudgeReport#summary()})
     */
    public static Map<String, Object> run(Path modelDir, List<PromptRecord> prompts, ChatSamplingConfig sampling,
                                          long seed, Path outDir) throws IOException {
        List<String> answers;
        try (ChatSampler sampler = ChatSampler.open(modelDir)) {
            answers = sampler.answer(prompts, sampling, seed);
        }
        List<JudgedResponse> judged = ArenaEvaluation.judgeAll(prompts, answers, new ArenaJudge());
        JsonLinesOutput.write(outDir.resolve(ANSWERS_FILE), judged);
        return ArenaEvaluation.summarise(judged).summary();
    }

    /** The judged answers a version's evaluation wrote. */
    public static List<JudgedResponse> read(Path evalDir) throws IOException {
        Path file = evalDir.resolve(ANSWERS_FILE);
        return JsonLinesInput.read(file, JSON, JudgedResponse.class, "a judged answer");
    }
}
