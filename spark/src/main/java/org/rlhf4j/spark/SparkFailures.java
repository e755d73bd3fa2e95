package org.rlhf4j.spark;

import org.rlhf4j.artifacts.InputException;

/**
 * A failed Spark job as the user should read it. Spark aborts a job after a task failed {@code spark.task.maxFailures}
 * times and throws a {@code SparkException} whose cause is the task's last exception; when that is an
 * {@link InputException} (a model directory an executor cannot read) or another argument check of this project, it is
 * what the user should see, so it is rethrown as is. Anything else is rethrown unchanged (a checked
 * {@code SparkException}, which Scala throws undeclared, as an {@link IllegalStateException} around it).
 */
final class SparkFailures {

    private SparkFailures() {}

    /** The project's own exception in {@code e}'s causes, else {@code e}. */
    static RuntimeException userFacing(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputException input) {
                return input;
            }
            if ((t instanceof IllegalArgumentException || t instanceof IllegalStateException)
                    && t.getStackTrace().length > 0 && t.getStackTrace()[0].getClassName().startsWith("org.rlhf4j.")) {
                return (RuntimeException) t;
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("the Spark job failed: "
                + e.getMessage(), e);
    }
}
