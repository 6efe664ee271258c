package dev.olafhe.math;

/**
 * The CKKS "special" FFT of length n over the roots ξ^(5^j mod 4n), ξ = exp(2πi/4n):
 * {@link #forward} evaluates z_j = Σ_k w_k ξ^(5^j·k) (decoding), {@link #inverse} solves for w
 * (encoding; includes the 1/n). Both work in place on separate real/imaginary arrays of length n
 * (a power of two). Radix-2, O(n log n); the twiddle at stage len is ξ^((5^j mod 4·len)·(n/len)).
 */
public final class SpecialFft {
    private final int n;
    private final int logN;
    private final int m; // 4n: order of the roots
    private final int[] rotGroup; // 5^j mod 4n
    private final double[] rootsRe; // exp(2πi k / 4n), k in [0, 4n]
    private final double[] rootsIm;

    public SpecialFft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
        }
        this.n = n;
        this.logN = Integer.numberOfTrailingZeros(n);
        this.m = 4 * n;
        rotGroup = new int[Math.max(1, n)];
        long pow = 1;
        for (int j = 0; j < rotGroup.length; j++) {
            rotGroup[j] = (int) pow;
            pow = pow * 5 % m;
        }
        rootsRe = new double[m + 1];
        rootsIm = new double[m + 1];
        for (int k = 0; k <= m; k++) {
            double angle = 2 * Math.PI * k / m;
            rootsRe[k] = Math.cos(angle);
            rootsIm[k] = Math.sin(angle);
        }
    }

    public int length() {
        return n;
    }

    /** Decoding direction: coefficients w (natural order) to slot values z. */
    public void forward(double[] re, double[] im) {
        bitReverse(re, im);
        for (int len = 2; len <= n; len <<= 1) {
            int lenh = len >> 1;
            int lenq = len << 2;
            int gap = m / lenq;
            for (int i = 0; i < n; i += len) {
                for (int j = 0; j < lenh; j++) {
                    int idx = (rotGroup[j] % lenq) * gap;
                    int a = i + j;
                    int b = a + lenh;
                    double vr = re[b] * rootsRe[idx] - im[b] * rootsIm[idx];
                    double vi = re[b] * rootsIm[idx] + im[b] * rootsRe[idx];
                    double ur = re[a];
                    double ui = im[a];
                    re[a] = ur + vr;
                    im[a] = ui + vi;
                    re[b] = ur - vr;
                    im[b] = ui - vi;
                }
            }
        }
    }

    /** Encoding direction: slot values z to coefficients w (divides by n). */
    public void inverse(double[] re, double[] im) {
        for (int len = n; len >= 2; len >>= 1) {
            int lenh = len >> 1;
            int lenq = len << 2;
            int gap = m / lenq;
            for (int i = 0; i < n; i += len) {
                for (int j = 0; j < lenh; j++) {
                    int idx = (lenq - (rotGroup[j] % lenq)) * gap;
                    int a = i + j;
                    int b = a + lenh;
                    double ur = re[a] + re[b];
                    double ui = im[a] + im[b];
                    double dr = re[a] - re[b];
                    double di = im[a] - im[b];
                    re[a] = ur;
                    im[a] = ui;
                    re[b] = dr * rootsRe[idx] - di * rootsIm[idx];
                    im[b] = dr * rootsIm[idx] + di * rootsRe[idx];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            re[i] /= n;
            im[i] /= n;
        }
        bitReverse(re, im);
    }

    private void bitReverse(double[] re, double[] im) {
        if (n == 1) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int r = Integer.reverse(i) >>> (32 - logN);
            if (r > i) {
                double t = re[i];
                re[i] = re[r];
                re[r] = t;
                t = im[i];
                im[i] = im[r];
                im[r] = t;
            }
        }
    }
}
