package org.rlhf4j.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.rlhf4j.rejectionsampling.SampleProvenance;

/**
 * What an executor loads to sample and score: the three model directories (paths every executor can read), the
 * rejection-sampling config and the provenance the driver computed (with the SHA-256 of each weights file, which the
 * executor checks against its own copy). Shipped to executors with every task (Java-serialised, the records as
 * JSON); equal specs share one loaded sampler per JVM ({@link ExecutorModels}).
 *
 * @param policyDir the policy's model directory (with {@code tokenizer.json})
 * @param helpfulnessRmDir the helpfulness reward model's directory
 * @param safetyRmDir the safety reward model's directory
 * @param configJson the {@link RejectionSamplingConfig} as JSON
 * @param provenanceJson the run's {@link SampleProvenance} as JSON (temperature 0, the run seed)
 */
public record SamplerSpec(String policyDir, String helpfulnessRmDir, String safetyRmDir, String configJson,
                          String provenanceJson) implements Serializable {

    private static final long serialVersionUID = 1L;

    static final ObjectMapper JSON = JsonMapper.builder().build();

    public SamplerSpec {
        if (policyDir == null || helpfulnessRmDir == null || safetyRmDir == null || configJson == null
                || provenanceJson == null) {
            throw new IllegalArgumentException("every field of a sampler spec is required");
        }
    }

    /** The spec of a run's sampler. */
    public static SamplerSpec of(RejectionSamplingConfig config, SampleProvenance provenance) {
        try {
            return new SamplerSpec(provenance.model(), provenance.helpfulnessModel(), provenance.safetyModel(),
                    JSON.writeValueAsString(config), JSON.writeValueAsString(provenance));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config, read back. */
    public RejectionSamplingConfig config() {
        return read(configJson, RejectionSamplingConfig.class);
    }

    /** The provenance, read back. */
    public SampleProvenance provenance() {
        return read(provenanceJson, SampleProvenance.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
