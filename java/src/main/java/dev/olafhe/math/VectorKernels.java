package dev.olafhe.math;

/**
 * Whether the Vector API kernels ({@link VectorDotProducts}, {@link VectorWideDotProducts}, {@link VectorElementWise},
 * the vector path of {@link BasisConverter}) run for a modulus. Holds no vector code, so that a JVM without {@code jdk.incubator.vector} can ask: the verifier of a class
 * with vector code loads the vector classes (a {@code NoClassDefFoundError} there, seen in the bench module's tests,
 * which run without the module).
 */
public final class VectorKernels {
    private VectorKernels() {
    }

    /**
     * True when the module is resolved, the switch {@code -Dolafhe.math.vector} is on ({@link NttTables#VECTOR}), q has
     * at most {@value VectorNtt#MAX_BITS} bits and there are at least 4 double lanes.
     */
    public static boolean supports(Modulus modulus) {
        return NttTables.VECTOR && VectorModular.fit(modulus); // the switch first: no vector class loaded without it
    }

    /**
     * True when the 64-bit-lane kernels ({@link VectorShoupNtt}, {@link VectorShoupConversion},
     * {@link VectorWideDotProducts}) run for a modulus: the module is resolved, the switch is on, q has 51 to 61 bits,
     * there are 4 or 8 lanes and the JDK is at least {@value VectorShoupNtt#MIN_JDK}.
     */
    public static boolean supportsWide(Modulus modulus) {
        return NttTables.VECTOR && VectorShoupNtt.fits(modulus); // the switch first: no vector class loaded without it
    }

    /**
     * True when {@link VectorElementWise}'s additions (long lanes, exact for every {@link Modulus}) run: the module is
     * resolved, the switch is on and there are at least 4 lanes.
     */
    public static boolean supportsAdditions() {
        return NttTables.VECTOR && VectorModular.fitLanes();
    }
}
