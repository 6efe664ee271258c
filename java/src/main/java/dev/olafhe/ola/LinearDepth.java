package dev.olafhe.ola;

import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;

/**
 * Levels the linear part of the network consumes before each activation layer under CKKS: one per convolution,
 * fully connected layer, (global) average pooling and LayerNorm on the longest path back to the previous
 * activation(s). Per-channel affine maps (BatchNorm) fold into the neighbouring convolution and residual adds,
 * slicing, padding and concatenation are free.
 */
public final class LinearDepth {
    private LinearDepth() {
    }

    public static int[] beforeActivations(Network net) {
        int[] since = new int[net.nodes().size()];
        int[] out = new int[net.numActivations()];
        for (Node n : net.nodes()) {
            int in = 0;
            for (int i : n.inputs()) {
                in = Math.max(in, since[i]);
            }
            Op op = n.op();
            if (op instanceof Op.Activation a) {
                out[a.index()] = in;
                since[n.id()] = 0;
            } else {
                boolean consumes = op instanceof Op.Conv2d || op instanceof Op.Linear || op instanceof Op.AvgPool
                        || op instanceof Op.GlobalAvgPool || op instanceof Op.LayerNorm;
                since[n.id()] = in + (consumes ? 1 : 0);
            }
        }
        return out;
    }
}
