package dev.olafhe.math;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpecialFftTest {
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 4, 16, 128})
    void forwardMatchesTheEmbeddingMatrix(int n) {
        Random rnd = new Random(n);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int k = 0; k < n; k++) {
            re[k] = rnd.nextDouble() * 2 - 1;
            im[k] = rnd.nextDouble() * 2 - 1;
        }
        // reference: z_j = Σ_k w_k ξ^(5^j·k), ξ = exp(2πi/4n)
        double[] zr = new double[n];
        double[] zi = new double[n];
        long m = 4L * n;
        long g = 1;
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double angle = 2 * Math.PI * ((g * k) % m) / m;
                zr[j] += re[k] * Math.cos(angle) - im[k] * Math.sin(angle);
                zi[j] += re[k] * Math.sin(angle) + im[k] * Math.cos(angle);
            }
            g = g * 5 % m;
        }
        SpecialFft fft = new SpecialFft(n);
        double[] fr = re.clone();
        double[] fi = im.clone();
        fft.forward(fr, fi);
        for (int j = 0; j < n; j++) {
            assertEquals(zr[j], fr[j], 1e-9 * n, "re " + j);
            assertEquals(zi[j], fi[j], 1e-9 * n, "im " + j);
        }
        fft.inverse(fr, fi);
        for (int k = 0; k < n; k++) {
            assertEquals(re[k], fr[k], 1e-12 * n);
            assertEquals(im[k], fi[k], 1e-12 * n);
        }
    }
}
