package org.rlhf4j.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * AdamW with decoupled weight decay and per-parameter decay (norms and biases exempt), written by hand on NDArrays
 * because DJL's {@code Optimizer.adamW} has one decay for every parameter. For each parameter p with gradient g at
 * update t (1-based) and learning rate lr:
 *
 * <pre>
 *   p ← p − lr·λ·p                       (decoupled decay; λ = 0 for exempt parameters)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)
 *   p ← p − lr · m̂ / (√v̂ + ε)
 * </pre>
 *
 * <p>Parameters are updated in place with autograd off (DJL-NOTES: in-place updates on parameters throw inside a
 * gradient collector), so call {@link #step} after the collector is closed. The moments m, v are keyed by parameter
 * name and live in this optimiser's own manager until {@link #close()}; create one optimiser per training run.
 */
public final class AdamW implements AutoCloseable {

    /**
     * A snapshot of the optimiser for checkpoints.
     *
     * @param step number of updates applied so far (t of the last update)
     * @param firstMoments m per parameter name
     * @param secondMoments v per parameter name
     */
    public record State(long step, Map<String, NDArray> firstMoments, Map<String, NDArray> secondMoments) {
        public State {
            if (step < 0) {
                throw new IllegalArgumentException("optimiser step must be >= 0, got " + step);
            }
            firstMoments = Map.copyOf(firstMoments);
            secondMoments = Map.copyOf(secondMoments);
            if (!firstMoments.keySet().equals(secondMoments.keySet())) {
                throw new IllegalArgumentException("first and second moments name different parameters");
            }
        }
    }

    private final AdamWConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long step;

    /** An optimiser whose moment buffers live in a sub-manager of {@code manager}. */
    public AdamW(AdamWConfig config, NDManager manager) {
        this.config = Objects.requireNonNull(config, "config");
        this.manager = manager.newSubManager();
    }

    /** The hyper-parameters. */
    public AdamWConfig config() {
        return config;
    }

    /** Number of updates applied so far. */
    public long stepCount() {
        return step;
    }

    /**
     * Applies one update to every parameter that has a gradient.
     *
     * @param parameters parameter arrays by name, updated in place
     * @param gradients gradient per parameter name (same keys; the caller owns and closes them)
     * @param learningRate lr of this update
     */
    public void step(Map<String, NDArray> parameters, Map<String, NDArray> gradients, double learningRate) {
        if (!parameters.keySet().equals(gradients.keySet())) {
            throw new IllegalArgumentException("parameters " + parameters.keySet() + " and gradients "
                    + gradients.keySet() + " differ");
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + learningRate);
        }
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray p = e.getValue();
            // Created outside the scope below (and unregistered from any caller's scope) so nothing closes them.
            firstMoments.computeIfAbsent(e.getKey(), k -> newMoment(p));
            secondMoments.computeIfAbsent(e.getKey(), k -> newMoment(p));
        }
        step++;
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                String name = e.getKey();
                NDArray p = e.getValue();
                NDArray g = gradients.get(name);
                NDArray m = firstMoments.get(name);
                NDArray v = secondMoments.get(name);
                double decay = config.decayFor(name, p.getShape());
                if (decay > 0) {
                    p.muli(1 - learningRate * decay);
                }
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denominator = v.div(biasCorrection2).sqrt().addi(config.epsilon());
                p.subi(m.div(denominator).muli(learningRate / biasCorrection1));
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** The current state; its arrays belong to this optimiser (do not close them). */
    public State state() {
        return new State(step, firstMoments, secondMoments);
    }

    /** Replaces the state with copies of {@code state}'s arrays (e.g. read from a checkpoint). */
    public void loadState(State state) {
        firstMoments.values().forEach(NDArray::close);
        secondMoments.values().forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
        for (String name : state.firstMoments().keySet()) {
            firstMoments.put(name, copy(state.firstMoments().get(name)));
            secondMoments.put(name, copy(state.secondMoments().get(name)));
        }
        step = state.step();
    }

    private NDArray newMoment(NDArray parameter) {
        NDArray moment = manager.zeros(parameter.getShape(), parameter.getDataType(), parameter.getDevice());
        NDScope.unregister(moment);
        return moment;
    }

    private NDArray copy(NDArray source) {
        NDArray out = newMoment(source);
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            out.addi(source);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
