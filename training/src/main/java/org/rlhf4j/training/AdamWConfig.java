package org.rlhf4j.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * Hyper-parameters of {@link AdamW} (Llama 2 §2.2, reused by SFT, reward models and PPO; METHOD.md §3–§6). The
 * learning rate is not here: it comes from the {@link LearningRateSchedule} at every step.
 *
 * <p>Paper defaults ({@link #llama2()}): β1 = 0.9, β2 = 0.95, ε = 1e-5, weight decay 0.1, norms and biases exempt.
 *
 * <p><b>Which parameters are exempt from weight decay</b> (when {@code exemptNormsFromDecay} is true): a parameter
 * is a "norm or bias" when its array has at most one dimension (every RMSNorm gain and every bias is 1-D), or when
 * its name, lower-cased, ends with {@code "bias"}, {@code "norm"}, {@code "norm.weight"}, {@code "norm_weight"},
 * {@code "gain"} or {@code "gamma"} (covers {@code "input_layernorm.weight"} and DJL's {@code "…_gamma"}). Every
 * other parameter (matrices, embeddings) is decayed. The paper does not say which parameters it decays; exempting
 * norms and biases is the common practice (GPT-2/nanoGPT, Hugging Face) and the default here.
 *
 * @param beta1 first-moment decay β1, in [0, 1)
 * @param beta2 second-moment decay β2, in [0, 1)
 * @param epsilon ε added to √v̂, &gt; 0
 * @param weightDecay decoupled weight decay λ (p ← p − lr·λ·p), ≥ 0
 * @param exemptNormsFromDecay whether norms and biases (rule above) skip the decay
 */
public record AdamWConfig(
        @JsonProperty("beta1") double beta1,
        @JsonProperty("beta2") double beta2,
        @JsonProperty("epsilon") double epsilon,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("exempt_norms_from_decay") boolean exemptNormsFromDecay) {

    public AdamWConfig {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("adamw.beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("adamw.beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("adamw.epsilon must be > 0, got " + epsilon);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("adamw.weight_decay must be finite and >= 0, got " + weightDecay);
        }
    }

    /** The paper's optimiser: β1 0.9, β2 0.95, ε 1e-5, weight decay 0.1, norms and biases exempt. */
    public static AdamWConfig llama2() {
        return new AdamWConfig(0.9, 0.95, 1e-5, 0.1, true);
    }

    /** Whether a parameter is a norm gain or a bias under the rule in the class comment. */
    public static boolean isNormOrBias(String name, Shape shape) {
        if (shape.dimension() <= 1) {
            return true;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("bias") || n.endsWith("norm") || n.endsWith("norm.weight") || n.endsWith("norm_weight")
                || n.endsWith("gain") || n.endsWith("gamma");
    }

    /** The weight decay applied to the named parameter: 0 for exempt norms/biases, else {@link #weightDecay}. */
    public double decayFor(String name, Shape shape) {
        return exemptNormsFromDecay && isNormOrBias(name, shape) ? 0.0 : weightDecay;
    }
}
