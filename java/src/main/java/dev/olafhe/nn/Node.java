package dev.olafhe.nn;

import java.util.Arrays;

/**
 * One node of a {@link Network}: an op applied to the outputs of earlier nodes ({@code inputs} are node ids,
 * node 0 is the network input). {@code name} is the ONNX node name it came from (for fused patterns: the name of
 * the pattern's last node), {@code shape} the per-sample output shape.
 */
public record Node(int id, String name, Op op, int[] inputs, Shape shape) {
    @Override
    public String toString() {
        return String.format("#%d %-14s %-40s in=%s out=%s", id, op.type(), name, Arrays.toString(inputs), shape);
    }
}
