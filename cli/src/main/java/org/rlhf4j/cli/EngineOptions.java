package org.rlhf4j.cli;

import java.time.Duration;
import java.util.Map;
import org.rlhf4j.spark.SparkEngine;
import picocli.CommandLine.Option;

/**
 * The flags that choose where a sampling or scoring job runs: in this process (the default) or as a Spark job
 * ({@code --engine spark}: embedded {@code local[*]} unless {@code --master} names a cluster).
 */
final class EngineOptions {

    /** Where the job runs. */
    enum Engine { local, spark }

    @Option(names = "--engine", defaultValue = "local",
            description = "local (this process; the default) or spark (a Spark job: --master, else embedded"
                    + " local[*]).")
    Engine engine;

    @Option(names = "--master", description = "Spark master URL: local[N], local[*] (default with --engine spark),"
            + " spark://host:7077. Implies --engine spark.")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Spark tasks per job (default: one per shard, batch or group of micro-batches).")
    int partitions;

    @Option(names = "--spark-conf", description = "A Spark setting KEY=VALUE (repeatable), e.g."
            + " spark.executor.memory=4g or spark.executor.extraClassPath=/opt/rlhf4j/lib/*.")
    Map<String, String> conf;

    @Option(names = "--master-timeout", defaultValue = "10",
            description = "Seconds to wait for a spark:// master to answer (default: ${DEFAULT-VALUE}).")
    int masterTimeoutSeconds;

    /** Whether the job goes to Spark. */
    boolean spark() {
        return engine == Engine.spark || master != null;
    }

    /** The Spark engine these flags describe. */
    SparkEngine sparkEngine() {
        if (masterTimeoutSeconds < 1) {
            throw org.rlhf4j.artifacts.InputException.flag("--master-timeout", "must be >= 1, got "
                    + masterTimeoutSeconds);
        }
        return SparkEngine.of(master).withPartitions(partitions)
                .withTimeouts(Duration.ofSeconds(masterTimeoutSeconds), Duration.ofSeconds(60))
                .withConf(conf == null ? Map.of() : conf);
    }
}
