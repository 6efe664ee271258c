package dev.olafhe.math;

import java.util.Arrays;

/**
 * Fast (approximate) RNS basis conversion from a source basis {q_i} with product Q to target moduli {m_j}
 * (Bajard et al.; Han–Ki hybrid key switching). For x given by its residues x_i:
 * <pre>  y_j = Σ_i [x_i · (Q/q_i)^-1]_{q_i} · (Q/q_i) mod m_j  </pre>
 * which equals x + u·Q for a small integer 0 ≤ u &lt; #source. {@link #overflow} estimates u (or u plus one for a
 * centred result) in float64 from the y_i, and {@link #accumulateBlock} subtracts it: key switching uses this for
 * centred digits in ModUp and exact rounding in ModDown (an uncorrected u·Q has mean ≈ Q·(#source − 1)/2, the same
 * in every coefficient, and a constant polynomial concentrates its error in the slots near the real axis).
 * Works on coefficient-domain residues. The steps run on {@link VectorBasisConversion} (Vector API) for the moduli
 * it takes (at most {@value VectorNtt#MAX_BITS} bits, the switch of {@link NttTables#VECTOR}), the accumulation into
 * wider targets on {@link VectorShoupConversion} (64-bit lanes, JDK 24+), and on the scalar 64-bit code otherwise,
 * with the same results bit for bit.
 */
public final class BasisConverter {
    private final Modulus[] source;
    private final Modulus[] target;
    private final long[] qHatInv;       // (Q/q_i)^-1 mod q_i
    private final long[] qHatInvShoup;
    private final long[][] qHatModTarget; // [j][i] = (Q/q_i) mod m_j
    private final long[] qModTarget;         // Q mod m_j
    /** Per target j: the Shoup factor of Q mod m_j (the scalar path's u·Q). */
    private final long[] qModTargetShoup;
    /** The vector kernels, or null (scalar only): doubles for moduli up to 50 bits, 64-bit lanes for wider targets. */
    private final VectorBasisConversion vector;
    private final VectorShoupConversion wideVector;

    public BasisConverter(Modulus[] source, Modulus[] target) {
        this(source, target, NttTables.VECTOR);
    }

    /**
     * With {@code vectorKernels} false, every step runs on the scalar path (the reference, for tests); true uses the
     * vector kernels where they fit the moduli, whatever the switch (needs {@code jdk.incubator.vector}).
     */
    BasisConverter(Modulus[] source, Modulus[] target, boolean vectorKernels) {
        this.source = source.clone();
        this.target = target.clone();
        int s = source.length;
        qHatInv = new long[s];
        qHatInvShoup = new long[s];
        for (int i = 0; i < s; i++) {
            Modulus qi = source[i];
            long prod = 1;
            for (int k = 0; k < s; k++) {
                if (k != i) {
                    prod = qi.mul(prod, qi.reduce(source[k].value()));
                }
            }
            qHatInv[i] = qi.inverse(prod);
            qHatInvShoup[i] = qi.shoup(qHatInv[i]);
        }
        qModTarget = new long[target.length];
        for (int j = 0; j < target.length; j++) {
            long prod = 1;
            for (Modulus q : source) {
                prod = target[j].mul(prod, target[j].reduce(q.value()));
            }
            qModTarget[j] = prod;
        }
        qHatModTarget = new long[target.length][s];
        for (int j = 0; j < target.length; j++) {
            Modulus mj = target[j];
            for (int i = 0; i < s; i++) {
                long prod = 1;
                for (int k = 0; k < s; k++) {
                    if (k != i) {
                        prod = mj.mul(prod, mj.reduce(source[k].value()));
                    }
                }
                qHatModTarget[j][i] = prod;
            }
        }
        qModTargetShoup = new long[target.length];
        for (int j = 0; j < target.length; j++) {
            qModTargetShoup[j] = target[j].shoup(qModTarget[j]);
        }
        vector = vectorKernels // checked first: VectorModular needs jdk.incubator.vector
                && (Arrays.stream(source).anyMatch(VectorModular::fit) || Arrays.stream(target).anyMatch(VectorModular::fit))
                ? new VectorBasisConversion(this.source, this.target, qHatInv, qHatModTarget, qModTarget) : null;
        wideVector = vectorKernels && Arrays.stream(target).anyMatch(VectorShoupNtt::fits)
                ? new VectorShoupConversion(this.target, qHatModTarget, qModTarget) : null;
    }

    public int sourceCount() {
        return source.length;
    }

    public int targetCount() {
        return target.length;
    }

    /**
     * Step 1 (per source limb): y_i = x_i · (Q/q_i)^-1 mod q_i, written into {@code scaled[i]}; x_i in [0, q_i).
     */
    public void scaleSource(int i, long[] x, long[] scaled) {
        Modulus qi = source[i];
        long w = qHatInv[i];
        long ws = qHatInvShoup[i];
        int done = vector != null && vector.scales(i) ? vector.scale(i, x, scaled) : 0;
        for (int c = done; c < x.length; c++) {
            scaled[c] = qi.mulShoup(x[c], w, ws);
        }
    }

    /** Coefficients per block of the conversion: a block's 128-bit sums and its source runs stay in L1/L2. */
    public static final int BLOCK = 1024;

    /** Step 2 (per target limb j): out = Σ_i scaled_i · (Q/q_i) mod m_j, block by block (see {@link #accumulateBlock}). */
    public void accumulateTarget(int j, long[][] scaled, long[] out) {
        long[][] outs = new long[target.length][];
        outs[j] = out;
        for (int from = 0; from < out.length; from += BLOCK) {
            accumulateBlock(scaled, null, outs, from, Math.min(BLOCK, out.length - from));
        }
    }

    /**
     * Step 2 for every target limb j with {@code outs[j] != null}, on the coefficients [from, from + len) only:
     * outs[j] = Σ_i scaled_i · (Q/q_i) − u·Q mod m_j, u from {@link #overflow} (or no u term when u is null). One call
     * reads each source run of the block once and keeps it in cache across all targets, instead of streaming the
     * whole source limbs again for each target.
     */
    public void accumulateBlock(long[][] scaled, long[] u, long[][] outs, int from, int len) {
        long[][] wide = null; // the scalar path's 128-bit sums (hi, lo), made when first needed
        double[] sums = vector != null ? new double[len] : null; // the vector paths'
        long[] wideSums = wideVector != null ? new long[len] : null;
        for (int j = 0; j < target.length; j++) {
            if (outs[j] == null) {
                continue;
            }
            int done = vector != null && vector.accumulates(j)
                    ? vector.accumulate(j, scaled, u, outs[j], from, len, sums)
                    : wideVector != null && wideVector.accumulates(j)
                    ? wideVector.accumulate(j, scaled, u, outs[j], from, len, wideSums) : 0;
            if (done < len) {
                wide = wide != null ? wide : new long[2][len];
                accumulateScalar(j, scaled, u, outs[j], from + done, len - done, wide[0], wide[1]);
            }
        }
    }

    /** {@link #accumulateBlock} for target j on the scalar path: unreduced 128-bit sums, reduced once. */
    private void accumulateScalar(int j, long[][] scaled, long[] u, long[] out, int from, int len, long[] hi,
                                  long[] lo) {
        Modulus mj = target[j];
        long[] w = qHatModTarget[j];
        Arrays.fill(hi, 0, len, 0);
        Arrays.fill(lo, 0, len, 0);
        for (int i = 0; i < scaled.length; i++) {
            if (i > 0 && i % (WideSums.MAX_TERMS - 1) == 0) {
                WideSums.fold(mj, hi, lo, len);
            }
            WideSums.addScaled(scaled[i], from, w[i], hi, lo, len);
        }
        WideSums.reduce(mj, hi, lo, out, from, len);
        if (u != null) {
            long qm = qModTarget[j];
            long qms = qModTargetShoup[j];
            for (int c = from; c < from + len; c++) {
                out[c] = mj.sub(out[c], mj.mulShoup(u[c], qm, qms));
            }
        }
    }

    /**
     * The multiple of Q in the conversion of each coefficient: u = ⌊Σ_i y_i/q_i⌋ (floor: the conversion minus u·Q is
     * x in [0, Q)) or ⌊Σ_i y_i/q_i + 1/2⌋ (centred: x in [−Q/2, Q/2)), summed in float64 in source order (the CUDA
     * kernel computes the same sum, so both backends get the same u; where the fraction lies within float64 rounding
     * of the cut, u may be one off, which leaves a correct residue, only not the smallest one).
     */
    public void overflow(long[][] scaled, boolean centred, long[] u) {
        int n = scaled[0].length;
        int done = vector != null ? vector.overflow(scaled, centred, u) : 0;
        for (int c = done; c < n; c++) {
            double v = 0;
            for (int i = 0; i < scaled.length; i++) {
                v += (double) scaled[i][c] / (double) source[i].value();
            }
            u[c] = (long) Math.floor(centred ? v + 0.5 : v);
        }
    }
}
