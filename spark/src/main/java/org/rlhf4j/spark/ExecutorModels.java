package org.rlhf4j.spark;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.rejectionsampling.BestOfK;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rejectionsampling.SampleProvenance;
import org.rlhf4j.rewardmodel.RewardModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one executor JVM: the policy, its tokenizer and the two reward models, loaded once (lazily, by the
 * first task that needs them) and kept for every later task of the same models — keyed by the three directories and
 * the SHA-256 of their weights, so a retrained model at the same path is loaded afresh. One set is kept at a time
 * (loading another closes the previous one).
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
    private static Loaded loaded;
    private static int loads;

    private ExecutorModels() {}

    /** What the sampler of one task does with the loaded models. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs with a fresh best-of-K sampler over this JVM's loaded models. */
        T apply(BestOfK sampler) throws IOException;
    }

    /**
     * Runs {@code work} with a best-of-K sampler over the models of {@code spec}, loading them first unless this JVM
     * holds them already. Calls from several task threads take turns.
     */
    public static <T> T withSampler(SamplerSpec spec, Work<T> work) throws IOException {
        SampleProvenance provenance = spec.provenance();
        Key key = new Key(spec.policyDir(), spec.helpfulnessRmDir(), spec.safetyRmDir(), provenance.modelSha256(),
                provenance.rewardModelsSha256());
        synchronized (LOCK) {
            if (!key.equals(loadedKey)) {
                closeLoaded();
                loaded = Loaded.open(key);
                loadedKey = key;
                loads++;
            }
            return work.apply(new BestOfK(loaded.policy, loaded.tokenizer, loaded.rewardModels, spec.config(),
                    provenance));
        }
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
            loaded.close();
            loaded = null;
            loadedKey = null;
        }
    }

    private record Key(String policyDir, String helpfulnessRmDir, String safetyRmDir, String modelSha256,
                       String rewardModelsSha256) {}

    private record Loaded(NDManager manager, LlamaModel policy, LlamaTokenizer tokenizer,
                          RewardModels rewardModels) {

        static Loaded open(Key key) throws IOException {
            Path policyDir = Path.of(key.policyDir());
            Path helpfulness = Path.of(key.helpfulnessRmDir());
            Path safety = Path.of(key.safetyRmDir());
            requireReadable(policyDir, key.modelSha256());
            String[] rmShas = key.rewardModelsSha256().split(",", -1);
            requireReadable(helpfulness, rmShas[0]);
            requireReadable(safety, rmShas.length > 1 ? rmShas[1] : "");
            long start = System.nanoTime();
            Path tokenizerFile = policyDir.resolve("tokenizer.json");
            RewardModels rms = RewardModels.open(helpfulness, safety);
            LlamaTokenizer tokenizer = null;
            NDManager manager = null;
            try {
                tokenizer = LlamaTokenizer.open(tokenizerFile);
                rms.requireTokenizer(tokenizerFile);
                manager = NDManager.newBaseManager();
                LlamaModel policy = LlamaModel.load(manager, policyDir);
                LOG.info("{}: loaded {} and the reward models in {} s", where(), policyDir,
                        String.format("%.1f", (System.nanoTime() - start) / 1e9));
                return new Loaded(manager, policy, tokenizer, rms);
            } catch (IOException | RuntimeException e) {
                for (AutoCloseable c : new AutoCloseable[] {manager, tokenizer, rms}) {
                    if (c != null) {
                        try {
                            c.close();
                        } catch (Exception suppressed) {
                            e.addSuppressed(suppressed);
                        }
                    }
                }
                throw e;
            }
        }

        void close() {
            for (AutoCloseable c : List.<AutoCloseable>of(policy, manager, tokenizer, rewardModels)) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing {}: {}", c, e.toString());
                }
            }
        }

        private static void requireReadable(Path dir, String expectedSha256) throws IOException {
            if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
                throw new InputException(dir, "no such model directory on " + where() + " (every executor must"
                        + " read the models at the same path: a shared file system, or a copy on every node)");
            }
            Path weights = RejectionSampling.weightsFile(dir);
            if (!Files.isReadable(weights)) {
                throw new InputException(weights, "cannot be read on " + where());
            }
            String sha = Sha256.of(weights);
            if (!sha.equals(expectedSha256)) {
                throw new InputException(weights, "differs on " + where() + " from the driver's copy (SHA-256 "
                        + sha + ", the driver read " + expectedSha256 + ")");
            }
        }
    }
}
