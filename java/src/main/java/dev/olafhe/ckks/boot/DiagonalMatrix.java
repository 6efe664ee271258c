package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.ComplexVector;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A complex dim×dim matrix on the host, held by its generalized diagonals (M·v)[x] = Σ_d D_d[x]·v[x+d]
 * (indices mod dim), as the homomorphic DFT factors are built and merged before encoding.
 */
final class DiagonalMatrix {
    private final int dim;
    private final SortedMap<Integer, double[][]> diagonals = new TreeMap<>(); // d → {re, im}

    DiagonalMatrix(int dim) {
        this.dim = dim;
    }

    int dim() {
        return dim;
    }

    /** D_d[x] += (re + i·im). */
    void add(int d, int x, double re, double im) {
        double[][] diag = diagonals.computeIfAbsent(Math.floorMod(d, dim), k -> new double[2][dim]);
        diag[0][x] += re;
        diag[1][x] += im;
    }

    /** this ∘ first: apply {@code first}, then this. C_{d1+d2}[x] = Σ A_{d1}[x]·B_{d2}[x+d1]. */
    DiagonalMatrix after(DiagonalMatrix first) {
        DiagonalMatrix out = new DiagonalMatrix(dim);
        for (Map.Entry<Integer, double[][]> a : diagonals.entrySet()) {
            int d1 = a.getKey();
            double[] ar = a.getValue()[0];
            double[] ai = a.getValue()[1];
            for (Map.Entry<Integer, double[][]> b : first.diagonals.entrySet()) {
                int d2 = b.getKey();
                double[] br = b.getValue()[0];
                double[] bi = b.getValue()[1];
                double[][] c = out.diagonals.computeIfAbsent(Math.floorMod(d1 + d2, dim), k -> new double[2][dim]);
                for (int x = 0; x < dim; x++) {
                    int y = (x + d1) % dim;
                    c[0][x] += ar[x] * br[y] - ai[x] * bi[y];
                    c[1][x] += ar[x] * bi[y] + ai[x] * br[y];
                }
            }
        }
        out.dropZeroDiagonals();
        return out;
    }

    /** Multiplies every entry by the real constant c. */
    DiagonalMatrix times(double c) {
        DiagonalMatrix out = new DiagonalMatrix(dim);
        for (Map.Entry<Integer, double[][]> e : diagonals.entrySet()) {
            double[][] v = new double[2][dim];
            for (int x = 0; x < dim; x++) {
                v[0][x] = c * e.getValue()[0][x];
                v[1][x] = c * e.getValue()[1][x];
            }
            out.diagonals.put(e.getKey(), v);
        }
        return out;
    }

    /** diag(rowRe + i·rowIm) · this: row x multiplied by the given complex factor. */
    DiagonalMatrix rowsTimes(double[] rowRe, double[] rowIm) {
        DiagonalMatrix out = new DiagonalMatrix(dim);
        for (Map.Entry<Integer, double[][]> e : diagonals.entrySet()) {
            double[][] v = new double[2][dim];
            double[] r = e.getValue()[0];
            double[] i = e.getValue()[1];
            for (int x = 0; x < dim; x++) {
                v[0][x] = rowRe[x] * r[x] - rowIm[x] * i[x];
                v[1][x] = rowRe[x] * i[x] + rowIm[x] * r[x];
            }
            out.diagonals.put(e.getKey(), v);
        }
        return out;
    }

    private void dropZeroDiagonals() {
        diagonals.values().removeIf(v -> {
            for (int x = 0; x < dim; x++) {
                if (v[0][x] != 0 || v[1][x] != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /** M·v on the host (tests and reference computations). */
    ComplexVector apply(ComplexVector v) {
        double[] re = new double[dim];
        double[] im = new double[dim];
        for (Map.Entry<Integer, double[][]> e : diagonals.entrySet()) {
            int d = e.getKey();
            double[] dr = e.getValue()[0];
            double[] di = e.getValue()[1];
            for (int x = 0; x < dim; x++) {
                int y = (x + d) % dim;
                re[x] += dr[x] * v.re()[y] - di[x] * v.im()[y];
                im[x] += dr[x] * v.im()[y] + di[x] * v.re()[y];
            }
        }
        return new ComplexVector(re, im);
    }

    /** The diagonals as slot vectors, for {@link dev.olafhe.ckks.lintrans.LinearTransform#encode}. */
    Map<Integer, ComplexVector> diagonals() {
        Map<Integer, ComplexVector> out = new TreeMap<>();
        diagonals.forEach((d, v) -> out.put(d, new ComplexVector(v[0].clone(), v[1].clone())));
        return out;
    }

    /** The indices d of the non-zero diagonals (without copying their values). */
    java.util.Set<Integer> diagonalIndices() {
        return java.util.Collections.unmodifiableSet(diagonals.keySet());
    }

    int diagonalCount() {
        return diagonals.size();
    }
}
