package org.rlhf4j.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.rejectionsampling.BestOfK;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one executor JVM: a job's {@link ModelSet} (best-of-K's policy, tokenizer and two reward models; a
 * reward model to score with; the chat models of a preference batch or an evaluation), loaded once (lazily, by the
 * first task that needs them) and kept for every later task of the same set — keyed by the set's kind, its
 * directories and the SHA-256 of their weights, so a retrained model at the same path is loaded afresh. One set is
 * kept at a time (loading another closes the previous one).
 *
 * <p>Tasks in one JVM take turns on the models (one lock): DJL's engine threads are per JVM anyway, so an executor
 * with C cores gives libtorch C intra-op threads ({@link SparkEngine}) instead of running C copies of the model. Before
 * loading, the executor checks that it can read every directory and that each weights file has the SHA-256 the
 * driver computed; otherwise the task fails with an {@link InputException} naming the directory and the executor.
 */
public final class ExecutorModels {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Object LOCK = new Object();
    private static Key loadedKey;
    private static AutoCloseable loaded;
    private static int loads;

    private ExecutorModels() {}

    /** What one task does with the loaded models. */
    @FunctionalInterface
    public interface Work<M, T> {
        /** Runs with this JVM's loaded models. */
        T apply(M models) throws IOException;
    }

    /**
     * Runs {@code work} with the models of {@code set}, loading them first unless this JVM holds them already. Calls
     * from several task threads take turns.
     *
     * @throws InputException naming a directory this executor cannot read or whose weights differ from the driver's
     */
    @SuppressWarnings("unchecked")
    public static <M extends AutoCloseable, T> T with(ModelSet<M> set, Work<M, T> work) throws IOException {
        Key key = new Key(set.getClass().getName(), set.dirs());
        synchronized (LOCK) {
            if (!key.equals(loadedKey)) {
                closeLoaded();
                for (ModelDir d : set.dirs()) {
                    requireReadable(d);
                }
                long start = System.nanoTime();
                loaded = set.open();
                loadedKey = key;
                loads++;
                LOG.info("{}: loaded {} in {} s", where(), set.dirs().stream().map(ModelDir::dir).toList(),
                        String.format("%.1f", (System.nanoTime() - start) / 1e9));
            }
            return work.apply((M) loaded);
        }
    }

    /**
     * Runs {@code work} with a fresh best-of-K sampler over the models of {@code spec}, loading them first unless
     * this JVM holds them already.
     */
    public static <T> T withSampler(SamplerSpec spec, Work<BestOfK, T> work) throws IOException {
        return with(spec, m -> work.apply(new BestOfK(m.policy(), m.tokenizer(), m.rewardModels(), spec.config(),
                spec.provenance())));
    }

    /** How many times this JVM has loaded a set of models (1 for any number of tasks over the same models). */
    public static int loads() {
        synchronized (LOCK) {
            return loads;
        }
    }

    /** Closes the loaded models, if any (the next task loads them again). */
    public static void release() {
        synchronized (LOCK) {
            closeLoaded();
        }
    }

    /** This JVM as the user should read it in an error: {@code executor 1 on host} or {@code the driver on host}. */
    static String where() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "an unknown host";
        }
        SparkEnv env = SparkEnv.get();
        String id = env == null ? "driver" : env.executorId();
        return ("driver".equals(id) ? "the driver" : "executor " + id) + " on " + host;
    }

    private static void closeLoaded() {
        if (loaded != null) {
            try {
                loaded.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", loadedKey, e.toString());
            }
            loaded = null;
            loadedKey = null;
        }
    }

    private static void requireReadable(ModelDir model) throws IOException {
        Path dir = model.path();
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            throw new InputException(dir, "no such model directory on " + where() + " (every executor must"
                    + " read the models at the same path: a shared file system, or a copy on every node)");
        }
        Path weights = RejectionSampling.weightsFile(dir);
        if (!Files.isReadable(weights)) {
            throw new InputException(weights, "cannot be read on " + where());
        }
        String sha = Sha256.of(weights);
        if (!sha.equals(model.weightsSha256())) {
            throw new InputException(weights, "differs on " + where() + " from the driver's copy (SHA-256 "
                    + sha + ", the driver read " + model.weightsSha256() + ")");
        }
    }

    private record Key(String kind, List<ModelDir> dirs) {}
}
