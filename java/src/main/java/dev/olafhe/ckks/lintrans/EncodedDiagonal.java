package dev.olafhe.ckks.lintrans;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.Encoder;

/**
 * One pre-rotated diagonal of a {@link LinearTransform}: resident (encoded over Q_level ∪ P, NTT domain, in backend
 * memory) or compact (its integer coefficients only, one long each, encoded again at every use: ~(level + 1 + K)
 * times less memory for one encoding per use).
 */
final class EncodedDiagonal implements AutoCloseable {
    private final DevicePoly resident;
    private final Encoder.IntegerCoefficients compact;
    private final Encoder encoder;
    private final int level;

    private EncodedDiagonal(DevicePoly resident, Encoder.IntegerCoefficients compact, Encoder encoder, int level) {
        this.resident = resident;
        this.compact = compact;
        this.encoder = encoder;
        this.level = level;
    }

    static EncodedDiagonal resident(DevicePoly poly) {
        return new EncodedDiagonal(poly, null, null, -1);
    }

    static EncodedDiagonal compact(Encoder encoder, Encoder.IntegerCoefficients coefficients, int level) {
        return new EncodedDiagonal(null, coefficients, encoder, level);
    }

    /** True when the diagonal is kept encoded (acquire hands out the same poly, release keeps it). */
    boolean isResident() {
        return resident != null;
    }

    /** The encoded diagonal; hand it back with {@link #release} after use. */
    DevicePoly acquire() {
        return resident != null ? resident : encoder.toQP(compact, level);
    }

    void release(DevicePoly poly) {
        if (poly != resident) {
            poly.close();
        }
    }

    long bytesInMemory() {
        return resident != null ? (long) resident.limbCount() * resident.ring().n() * Long.BYTES : compact.bytes();
    }

    @Override
    public void close() {
        if (resident != null) {
            resident.close();
        }
    }
}
