package org.rlhf4j.rejectionsampling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.rlhf4j.data.format.PromptRecord;

/**
 * One line of a pool file: a prompt, every answer sampled for it with its scores, and their provenance.
 *
 * @param prompt the prompt record as read from the prompts file
 * @param provenance how the samples were made and scored
 * @param samples the K samples in index order
 */
@JsonPropertyOrder({"prompt", "provenance", "samples"})
public record PoolRecord(
        @JsonProperty("prompt") PromptRecord prompt,
        @JsonProperty("provenance") SampleProvenance provenance,
        @JsonProperty("samples") List<ScoredSample> samples) {

    public PoolRecord {
        if (prompt == null || prompt.id() == null || provenance == null || samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException("prompt (with id), provenance and at least one sample are required");
        }
        samples = List.copyOf(samples);
    }

    /** The samples' rewards in index order. */
    public double[] rewards() {
        return samples.stream().mapToDouble(ScoredSample::reward).toArray();
    }

    /** This record with its samples replaced (same prompt and provenance). */
    public PoolRecord withSamples(List<ScoredSample> newSamples) {
        return new PoolRecord(prompt, provenance, newSamples);
    }
}
