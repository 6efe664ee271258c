package dev.olafhe.nn;

/**
 * Receives the input values of an activation layer during a forward pass. Called concurrently from the
 * executor's worker threads (each call with one worker's sub-batch), so implementations must be thread-safe.
 */
@FunctionalInterface
public interface ActivationObserver {
    /** {@code values[from..to)} are inputs of activation layer {@code activationIndex} (any number of samples). */
    void observe(int activationIndex, float[] values, int from, int to);
}
