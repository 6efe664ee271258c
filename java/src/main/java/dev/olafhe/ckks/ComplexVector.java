package dev.olafhe.ckks;

/** A vector of complex slot values as two parallel arrays (no per-element objects). */
public record ComplexVector(double[] re, double[] im) {
    public ComplexVector {
        if (re.length != im.length) {
            throw new IllegalArgumentException("real and imaginary parts differ in length: " + re.length + " vs " + im.length);
        }
    }

    public static ComplexVector real(double[] re) {
        return new ComplexVector(re.clone(), new double[re.length]);
    }

    public int length() {
        return re.length;
    }
}
