package org.rlhf4j.spark;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.rlhf4j.rejectionsampling.SampleProvenance;
import org.rlhf4j.rewardmodel.RewardModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an executor loads to sample and score: the three model directories (paths every executor can read), the
 * rejection-sampling config and the provenance the driver computed (with the SHA-256 of each weights file, which the
 * executor checks against its own copy). Shipped to executors with every task (Java-serialised, the records as
 * JSON); specs over the same three models share one loaded set per JVM ({@link ExecutorModels}).
 *
 * @param policyDir the policy's model directory (with {@code tokenizer.json})
 * @param helpfulnessRmDir the helpfulness reward model's directory
 * @param safetyRmDir the safety reward model's directory
 * @param configJson the {@link RejectionSamplingConfig} as JSON
 * @param provenanceJson the run's {@link SampleProvenance} as JSON (temperature 0, the run seed)
 */
public record SamplerSpec(String policyDir, String helpfulnessRmDir, String safetyRmDir, String configJson,
                          String provenanceJson) implements ModelSet<SamplerSpec.Models> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SamplerSpec.class);

    public SamplerSpec {
        if (policyDir == null || helpfulnessRmDir == null || safetyRmDir == null || configJson == null
                || provenanceJson == null) {
            throw new IllegalArgumentException("every field of a sampler spec is required");
        }
    }

    /** The spec of a run's sampler. */
    public static SamplerSpec of(RejectionSamplingConfig config, SampleProvenance provenance) {
        return new SamplerSpec(provenance.model(), provenance.helpfulnessModel(), provenance.safetyModel(),
                JsonCodec.write(config), JsonCodec.write(provenance));
    }

    /** The config, read back. */
    public RejectionSamplingConfig config() {
        return JsonCodec.read(configJson, RejectionSamplingConfig.class);
    }

    /** The provenance, read back. */
    public SampleProvenance provenance() {
        return JsonCodec.read(provenanceJson, SampleProvenance.class);
    }

    /** The policy and the two reward models, with the SHA-256 of each weights file the driver read. */
    @Override
    public List<ModelDir> dirs() {
        SampleProvenance p = provenance();
        String[] rmShas = p.rewardModelsSha256().split(",", -1);
        return List.of(new ModelDir(policyDir, p.modelSha256()), new ModelDir(helpfulnessRmDir, rmShas[0]),
                new ModelDir(safetyRmDir, rmShas.length > 1 ? rmShas[1] : ""));
    }

    /** Loads the policy, its tokenizer and the reward models (checked to share the policy's tokenizer). */
    @Override
    public Models open() throws IOException {
        Path policy = Path.of(policyDir);
        Path tokenizerFile = policy.resolve("tokenizer.json");
        RewardModels rms = RewardModels.open(Path.of(helpfulnessRmDir), Path.of(safetyRmDir));
        LlamaTokenizer tokenizer = null;
        NDManager manager = null;
        try {
            tokenizer = LlamaTokenizer.open(tokenizerFile);
            rms.requireTokenizer(tokenizerFile);
            manager = NDManager.newBaseManager();
            return new Models(manager, LlamaModel.load(manager, policy), tokenizer, rms);
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

    /** The loaded models of a spec. */
    public record Models(NDManager manager, LlamaModel policy, LlamaTokenizer tokenizer, RewardModels rewardModels)
            implements AutoCloseable {

        @Override
        public void close() {
            for (AutoCloseable c : List.<AutoCloseable>of(policy, manager, tokenizer, rewardModels)) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing {}: {}", c, e.toString());
                }
            }
        }
    }
}
