package dev.olafhe.ckks.lintrans;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How a BSGS linear transform rotates its giant-step sums into place, Σ_g rot_g(s_g) over the non-zero giant steps
 * g = k·n1 (k = 1..m−1, m = n/n1): which rotation keys that takes and how many rotations.
 */
public enum GiantStepRotations {
    /**
     * Each giant step by its own key rot_g, the rotated sums accumulated lazily several per backend call: one key
     * per giant step, the fewest backend calls.
     */
    INDEPENDENT,
    /**
     * Horner's rule in rotations: the sums are folded from the farthest in, s_k + rot_{n1}(s_{k+1} + rot_{n1}(…)),
     * upwards by the giant stride n1 and downwards by −n1 (n − n1): as many rotations as giant steps when they are
     * contiguous (the DFT factors' are), with at most two keys for all of them, each rotation waiting for the one
     * before. Bootstrapping's keys are the largest in memory (top level), which this cuts by a third at logN 16.
     */
    NESTED;

    /**
     * The rotation keys (steps mod n) the giant steps take.
     *
     * @param giants the non-zero giant steps, multiples of n1 in (0, n)
     */
    SortedSet<Integer> keySteps(SortedSet<Integer> giants, int n, int n1) {
        if (this == INDEPENDENT) {
            return new TreeSet<>(giants);
        }
        Chains c = Chains.of(giants, n, n1);
        SortedSet<Integer> steps = new TreeSet<>();
        if (c.up() > 0) {
            steps.add(n1);
        }
        if (c.down() < c.m()) {
            steps.add(n - n1);
        }
        return steps;
    }

    /** Rotations the giant steps take (one per giant step, or the two chains' lengths). */
    int rotations(SortedSet<Integer> giants, int n, int n1) {
        return this == INDEPENDENT ? giants.size() : Chains.of(giants, n, n1).rotations();
    }

    /**
     * The {@link #NESTED} split of giant steps k = 1..m−1: k ≤ up are folded upwards (up rotations by n1), k ≥ down
     * downwards (m − down rotations by −n1); up = 0 or down = m means no such chain.
     */
    record Chains(int up, int down, int m) {
        int rotations() {
            return up + (m - down);
        }

        int keys() {
            return (up > 0 ? 1 : 0) + (down < m ? 1 : 0);
        }

        /** The split with the fewest rotations; of equals, the one with fewer keys (a single chain). */
        static Chains of(SortedSet<Integer> giants, int n, int n1) {
            int m = n / n1;
            int[] ks = giants.stream().mapToInt(g -> g / n1).toArray();
            Chains best = null;
            for (int i = 0; i <= ks.length; i++) {
                Chains c = new Chains(i == 0 ? 0 : ks[i - 1], i < ks.length ? ks[i] : m, m);
                if (best == null || c.rotations() < best.rotations()
                        || (c.rotations() == best.rotations() && c.keys() < best.keys())) {
                    best = c;
                }
            }
            return best;
        }
    }
}
