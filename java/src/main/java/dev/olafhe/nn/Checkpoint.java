package dev.olafhe.nn;

/**
 * The exact state of a forward pass just before activation layer {@code activationIndex} runs: the values of
 * every node that the remaining nodes still read (for a residual network that is the activation's input and the
 * pending shortcut), for a batch of {@code n} samples. {@link Executor#forwardFrom} resumes from it.
 *
 * @param activationIndex the activation layer at which the suffix starts
 * @param nodeId          that layer's node id
 * @param liveIds         ids of the cached nodes ({@link Network#liveBefore(int)})
 * @param values          their values, parallel to {@code liveIds}
 */
public record Checkpoint(int activationIndex, int nodeId, int[] liveIds, Tensor[] values) {
    public Checkpoint {
        if (liveIds.length != values.length || values.length == 0) {
            throw new IllegalArgumentException("liveIds and values must be parallel and non-empty");
        }
        for (Tensor t : values) {
            if (t.n != values[0].n) {
                throw new IllegalArgumentException("cached values with different batch sizes");
            }
        }
    }

    public int batchSize() {
        return values[0].n;
    }

    /** Cached value of node {@code id}. */
    public Tensor value(int id) {
        for (int i = 0; i < liveIds.length; i++) {
            if (liveIds[i] == id) {
                return values[i];
            }
        }
        throw new IllegalArgumentException("node " + id + " is not cached in this checkpoint");
    }

    /** The exact input tensor of the activation layer (what its hooks would observe). */
    public Tensor activationInput(Network net) {
        return value(net.node(nodeId).inputs()[0]);
    }

    /** Samples {@code [from, to)} of this checkpoint. */
    public Checkpoint slice(int from, int to) {
        Tensor[] v = new Tensor[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i].slice(from, to);
        }
        return new Checkpoint(activationIndex, nodeId, liveIds, v);
    }

    /** Approximate memory held, in bytes. */
    public long bytes() {
        long b = 0;
        for (Tensor t : values) {
            b += 4L * t.data.length;
        }
        return b;
    }
}
