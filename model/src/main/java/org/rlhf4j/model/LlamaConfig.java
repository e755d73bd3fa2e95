package org.rlhf4j.model;

/**
 * The shape of a Llama 2 model (METHOD.md §1).
 *
 * @param hiddenSize model width d
 * @param numLayers decoder layers
 * @param numHeads query heads
 * @param numKvHeads key/value heads (grouped-query attention when fewer than {@code numHeads})
 * @param headDim width of one head (hidden / heads for every Llama 2 size)
 * @param intermediateSize SwiGLU hidden size
 * @param vocabSize vocabulary size
 * @param maxPositions context length
 * @param ropeTheta rotary base θ
 * @param rmsNormEps RMSNorm ε
 */
public record LlamaConfig(
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int vocabSize,
        int maxPositions,
        double ropeTheta,
        double rmsNormEps) {

    public LlamaConfig {
        if (hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || numKvHeads <= 0 || headDim <= 0
                || intermediateSize <= 0 || vocabSize <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("every LlamaConfig size must be positive");
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException(
                    "numHeads (" + numHeads + ") must be a multiple of numKvHeads (" + numKvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim must be even for rotary embeddings, got " + headDim);
        }
        if (!(ropeTheta > 0) || !(rmsNormEps > 0)) {
            throw new IllegalArgumentException("ropeTheta and rmsNormEps must be positive");
        }
    }
}
