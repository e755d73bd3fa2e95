package org.rlhf4j.ppo;

import ai.djl.ndarray.NDArray;
import org.rlhf4j.model.Ops;

/**
 * The clipped value loss of PPO (as in OpenAI baselines and OpenRLHF), averaged over the response tokens:
 *
 * <pre>
 *   V_clip = V_old + clip(V − V_old, −ε_v, ε_v)
 *   L_V    = ½ · mean_t max((V_t − R_t)², (V_clip,t − R_t)²)
 * </pre>
 *
 * with R the GAE returns ({@link Gae}). The clipping keeps the value model from moving far from its rollout-time
 * estimates in one step, as the policy's ratio clipping does.
 */
public final class ValueLoss {

    private ValueLoss() {}

    /**
     * @param values (B, T) V of the value model being trained (with gradient)
     * @param oldValues (B, T) values at rollout time
     * @param returns (B, T) value targets R
     * @param responseMask (B, T) float32, 1 on response tokens
     * @param clipRange ε_v &gt; 0
     * @return scalar loss
     */
    public static NDArray compute(NDArray values, NDArray oldValues, NDArray returns, NDArray responseMask,
                                  double clipRange) {
        NDArray clippedValues = oldValues.add(values.sub(oldValues).clip(-clipRange, clipRange));
        NDArray unclippedError = values.sub(returns).square();
        NDArray clippedError = clippedValues.sub(returns).square();
        return Ops.scale(MaskedOps.maskedMean(unclippedError.maximum(clippedError), responseMask), 0.5);
    }
}
