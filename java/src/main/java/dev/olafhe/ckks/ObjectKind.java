package dev.olafhe.ckks;

/** What an OLA-FHE file holds; the codes are part of the file format and never change meaning. */
public enum ObjectKind {
    PARAMETERS(1, "CKKS parameters"),
    PLAINTEXT(2, "plaintext"),
    CIPHERTEXT(3, "ciphertext"),
    SECRET_KEY(4, "secret key"),
    PUBLIC_KEY(5, "public key"),
    SWITCHING_KEY(6, "switching key"),
    RELINEARIZATION_KEY(7, "relinearization key"),
    GALOIS_KEY(8, "Galois key"),
    EVALUATION_KEY_SET(9, "evaluation key set");

    private final int code;
    private final String description;

    ObjectKind(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    /** Whether objects of this kind belong to a key set (and their files carry its {@link KeySetId}). */
    public boolean belongsToKeySet() {
        return this != PARAMETERS && this != PLAINTEXT;
    }

    /** The kind with this code, or null. */
    static ObjectKind ofCode(int code) {
        for (ObjectKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return description;
    }
}
