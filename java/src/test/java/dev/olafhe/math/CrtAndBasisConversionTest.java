package dev.olafhe.math;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrtAndBasisConversionTest {
    private static final long[] MODULI = Primes.nttFriendlyPrimes(10, new int[] {55, 40, 45, 61, 50, 30}, List.of());

    @ParameterizedTest(name = "{0} moduli")
    @ValueSource(ints = {1, 2, 4, 6})
    void crtReconstructsRandomIntegers(int count) {
        long[] moduli = Arrays.copyOf(MODULI, count);
        Crt crt = new Crt(moduli);
        Random rnd = new Random(count);
        for (int i = 0; i < 500; i++) {
            BigInteger x = new BigInteger(crt.modulusProduct().bitLength() + 8, rnd).mod(crt.modulusProduct());
            long[] residues = Arrays.stream(moduli).map(q -> x.mod(BigInteger.valueOf(q)).longValue()).toArray();
            assertEquals(x, crt.reconstruct(residues));
            BigInteger centred = x.compareTo(crt.modulusProduct().shiftRight(1)) > 0 ? x.subtract(crt.modulusProduct()) : x;
            assertEquals(centred, crt.reconstructCentred(residues));
        }
    }

    @Test
    void fastBasisConversionIsExactUpToSmallMultipleOfSourceProduct() {
        long[] source = Arrays.copyOf(MODULI, 3);
        long[] target = Arrays.copyOfRange(MODULI, 3, 6);
        BasisConverter conv = new BasisConverter(
                Arrays.stream(source).mapToObj(Modulus::new).toArray(Modulus[]::new),
                Arrays.stream(target).mapToObj(Modulus::new).toArray(Modulus[]::new));
        Crt crt = new Crt(source);
        BigInteger q = crt.modulusProduct();
        int n = 64;
        Random rnd = new Random(3);
        BigInteger[] x = new BigInteger[n];
        long[][] residues = new long[source.length][n];
        for (int c = 0; c < n; c++) {
            x[c] = new BigInteger(q.bitLength() + 4, rnd).mod(q);
            for (int i = 0; i < source.length; i++) {
                residues[i][c] = x[c].mod(BigInteger.valueOf(source[i])).longValue();
            }
        }
        long[][] scaled = new long[source.length][n];
        for (int i = 0; i < source.length; i++) {
            conv.scaleSource(i, residues[i], scaled[i]);
        }
        for (int j = 0; j < target.length; j++) {
            long[] out = new long[n];
            conv.accumulateTarget(j, scaled, out);
            BigInteger p = BigInteger.valueOf(target[j]);
            for (int c = 0; c < n; c++) {
                boolean matched = false;
                for (int u = 0; u < source.length && !matched; u++) {
                    matched = x[c].add(q.multiply(BigInteger.valueOf(u))).mod(p).longValue() == out[c];
                }
                assertTrue(matched, "coefficient " + c + " converts to x + u·Q with 0 <= u < " + source.length);
            }
        }
    }
}
