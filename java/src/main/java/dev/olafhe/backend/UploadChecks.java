package dev.olafhe.backend;

/** Argument checks of {@link Backend#upload} that every backend makes the same way. */
public final class UploadChecks {
    private UploadChecks() {
    }

    /** Fails unless {@code limbs} has one array of length N per limb of {@code dst}. */
    public static void checkShape(long[][] limbs, DevicePoly dst) {
        if (limbs.length != dst.limbCount()) {
            throw new IllegalArgumentException("upload: expected " + dst.limbCount() + " limbs, got " + limbs.length);
        }
        int n = dst.ring().n();
        for (int l = 0; l < limbs.length; l++) {
            if (limbs[l].length != n) {
                throw new IllegalArgumentException("upload: limb " + l + " has length " + limbs[l].length
                        + ", expected " + n);
            }
        }
    }

    /** Fails unless every residue of {@code limb} lies in [0, q) (backends that check on the host). */
    public static void checkResidues(long[] limb, long q) {
        for (long v : limb) {
            if (v < 0 || v >= q) {
                throw new IllegalArgumentException("upload: residue " + v + " out of [0, " + q + ")");
            }
        }
    }
}
