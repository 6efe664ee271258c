package dev.olafhe.ckks.lintrans;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Encoder;

import java.math.BigDecimal;

/**
 * One pre-rotated diagonal of a {@link LinearTransform}: resident (encoded over Q_level ∪ P, NTT domain, in backend
 * memory) or compact (a reference to its slot values and the rotation to apply, encoded again at every use). A
 * compact diagonal copies nothing: the network layers' diagonals share the float64 vectors of the compiled program,
 * so keeping a whole model's diagonals compact costs no memory beyond the program itself, for one rotation,
 * inverse FFT and encoding per use.
 */
final class EncodedDiagonal implements AutoCloseable {
    private final DevicePoly resident;
    private final ComplexVector values;
    private final int rotation;
    private final Encoder encoder;
    private final int level;
    private final BigDecimal scale;

    private EncodedDiagonal(DevicePoly resident, ComplexVector values, int rotation, Encoder encoder, int level,
                            BigDecimal scale) {
        this.resident = resident;
        this.values = values;
        this.rotation = rotation;
        this.encoder = encoder;
        this.level = level;
        this.scale = scale;
    }

    static EncodedDiagonal resident(DevicePoly poly) {
        return new EncodedDiagonal(poly, null, 0, null, -1, null);
    }

    /** Encodes {@code rotate(values, rotation)} at every use; {@code values} must not change afterwards. */
    static EncodedDiagonal compact(Encoder encoder, ComplexVector values, int rotation, int level, BigDecimal scale) {
        return new EncodedDiagonal(null, values, rotation, encoder, level, scale);
    }

    /** True when the diagonal is kept encoded (acquire hands out the same poly, release keeps it). */
    boolean isResident() {
        return resident != null;
    }

    /** The encoded diagonal; hand it back with {@link #release} after use. */
    DevicePoly acquire() {
        return resident != null ? resident : encoder.encodeQP(LinearTransform.rotate(values, rotation), level, scale);
    }

    void release(DevicePoly poly) {
        if (poly != resident) {
            poly.close();
        }
    }

    /** Encoded limbs when resident; when compact, the slot values referenced (which may be shared, see above). */
    long bytesInMemory() {
        return resident != null ? (long) resident.limbCount() * resident.ring().n() * Long.BYTES
                : 2L * values.length() * Double.BYTES;
    }

    @Override
    public void close() {
        if (resident != null) {
            resident.close();
        }
    }
}
