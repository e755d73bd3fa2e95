package org.rlhf4j.training;

/**
 * A positionable stream of micro-batches. The loop asks for {@code accumulationSteps} micro-batches per update and
 * records {@link #position()} in every checkpoint; {@link #seek} puts a fresh source back there on resume, so a
 * resumed run sees exactly the batches the uninterrupted run would have seen. Epochs, shuffling (from a seed) and
 * wrap-around are the source's business; they must be a pure function of the position.
 *
 * @param <B> the micro-batch type (token ids, masks, …)
 */
public interface TrainingData<B> {

    /** The next micro-batch; advances the position by one. */
    B next();

    /** Number of micro-batches consumed since the start of the run. */
    long position();

    /** Moves to a position previously returned by {@link #position()}. */
    void seek(long position);
}
