package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;

/** Decrypts ciphertexts of any degree: m = c_0 + c_1·s + c_2·s² + ... over Q_level. Client side only. */
public final class Decryptor {
    private final CkksContext context;
    private final Backend backend;
    private final SecretKey secretKey;

    public Decryptor(CkksContext context, SecretKey secretKey) {
        this.context = context;
        this.backend = context.backend();
        this.secretKey = secretKey;
    }

    public Plaintext decryptNew(Ciphertext ct) {
        DevicePoly m = context.allocateQ(ct.level());
        Plaintext pt = new Plaintext(m, ct.level(), ct.scale(), ct.logSlots());
        decryptInto(ct, m);
        return pt;
    }

    private void decryptInto(Ciphertext ct, DevicePoly m) {
        // Horner: m = (((c_d)·s + c_{d-1})·s + ...) + c_0
        backend.copy(ct.part(ct.degree()), m);
        for (int i = ct.degree() - 1; i >= 0; i--) {
            backend.mul(m, secretKey.value(), m);
            backend.add(m, ct.part(i), m);
        }
    }
}
