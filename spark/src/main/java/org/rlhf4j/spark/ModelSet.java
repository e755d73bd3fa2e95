package org.rlhf4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * What the tasks of one Spark job load on their executor: model directories (checked by the executor before it
 * loads them) and how to open them. {@link ExecutorModels} keeps the opened models of one set per JVM, keyed by the
 * set's kind and directories, so every task of a job after the first in a JVM finds them loaded.
 *
 * @param <M> the opened models, closed when the JVM loads another set
 */
public interface ModelSet<M extends AutoCloseable> extends Serializable {

    /** The directories this set loads, with the SHA-256 of each weights file the driver read. */
    List<ModelDir> dirs();

    /** Loads the models (the directories were checked readable and unchanged). */
    M open() throws IOException;
}
