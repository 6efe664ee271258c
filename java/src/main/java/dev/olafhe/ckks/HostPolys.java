package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

/** Uploads host-sampled polynomials into backend polys over a prefix of Q and of P. */
final class HostPolys {
    private HostPolys() {
    }

    private static long modulusOf(CkksContext ctx, int limb, int qCount) {
        CkksParameters p = ctx.params();
        return limb < qCount ? p.q(limb) : p.pModuli()[limb - qCount];
    }

    /** Small signed coefficients, reduced per limb, uploaded and transformed to the NTT domain. */
    static DevicePoly smallNtt(CkksContext ctx, long[] coeffs, int qCount, int pCount) {
        int limbs = qCount + pCount;
        long[][] data = new long[limbs][coeffs.length];
        for (int l = 0; l < limbs; l++) {
            long q = modulusOf(ctx, l, qCount);
            for (int i = 0; i < coeffs.length; i++) {
                long r = coeffs[i] % q;
                data[l][i] = r < 0 ? r + q : r;
            }
        }
        DevicePoly poly = ctx.backend().allocate(ctx.ring(), qCount, pCount);
        ctx.backend().upload(data, poly);
        ctx.backend().ntt(poly, poly);
        return poly;
    }

    /** A uniformly random polynomial, sampled directly in the NTT domain (uniform there too). */
    static DevicePoly uniformNtt(CkksContext ctx, Sampler sampler, int qCount, int pCount) {
        int limbs = qCount + pCount;
        int n = ctx.params().n();
        long[][] data = new long[limbs][];
        for (int l = 0; l < limbs; l++) {
            data[l] = sampler.uniform(modulusOf(ctx, l, qCount), n);
        }
        DevicePoly poly = ctx.backend().allocate(ctx.ring(), qCount, pCount);
        ctx.backend().upload(data, poly);
        return poly;
    }

    /**
     * Polynomial {@code stream} of a seeded key: uniform in the NTT domain, regenerated from the seed by
     * {@link SeedExpander} (bit-identical on every backend and at every level).
     */
    static DevicePoly uniformNttFromSeed(CkksContext ctx, byte[] seed, int stream, int qCount, int pCount) {
        int limbs = qCount + pCount;
        int n = ctx.params().n();
        long[][] data = new long[limbs][];
        for (int l = 0; l < limbs; l++) {
            int limbId = l < qCount ? l : SeedExpander.P_LIMB_BASE + (l - qCount);
            data[l] = SeedExpander.uniform(seed, stream, limbId, modulusOf(ctx, l, qCount), n);
        }
        DevicePoly poly = ctx.backend().allocate(ctx.ring(), qCount, pCount);
        ctx.backend().upload(data, poly);
        return poly;
    }
}
