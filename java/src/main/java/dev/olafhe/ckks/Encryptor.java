package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;

import java.util.Random;

/**
 * Encrypts plaintexts with a public key (ct = v·pk + (m + e_0, e_1), v ternary) or with the secret key
 * (ct = (−a·s + m + e, a), smaller noise). The ciphertext has the plaintext's level, scale and slots.
 */
public final class Encryptor {
    private final CkksContext context;
    private final Backend backend;
    private final Sampler sampler;
    private final PublicKey publicKey;
    private final SecretKey secretKey;

    private Encryptor(CkksContext context, PublicKey pk, SecretKey sk, Random random) {
        this.context = context;
        this.backend = context.backend();
        this.publicKey = pk;
        this.secretKey = sk;
        this.sampler = new Sampler(random);
    }

    public static Encryptor withPublicKey(CkksContext context, PublicKey pk) {
        return new Encryptor(context, pk, null, RandomSources.secure());
    }

    public static Encryptor withPublicKey(CkksContext context, PublicKey pk, Random random) {
        return new Encryptor(context, pk, null, random);
    }

    public static Encryptor withSecretKey(CkksContext context, SecretKey sk) {
        return new Encryptor(context, null, sk, RandomSources.secure());
    }

    public static Encryptor withSecretKey(CkksContext context, SecretKey sk, Random random) {
        return new Encryptor(context, null, sk, random);
    }

    public Ciphertext encryptNew(Plaintext pt) {
        Ciphertext ct = Ciphertext.empty();
        encrypt(pt, ct);
        return ct;
    }

    public void encrypt(Plaintext pt, Ciphertext out) {
        int level = pt.level();
        int q = level + 1;
        int n = context.params().n();
        DevicePoly c0;
        DevicePoly c1;
        if (secretKey != null) {
            c1 = HostPolys.uniformNtt(context, sampler, q, 0);
            c0 = HostPolys.smallNtt(context, sampler.gaussian(n), q, 0);
            try (DevicePoly as = context.allocateQ(level)) {
                backend.mul(c1, secretKey.value(), as);
                backend.sub(c0, as, c0);
            }
        } else {
            long[] v = sampler.ternary(n, SecretDistribution.uniformTernary());
            c0 = HostPolys.smallNtt(context, sampler.gaussian(n), q, 0);
            c1 = HostPolys.smallNtt(context, sampler.gaussian(n), q, 0);
            try (DevicePoly vp = HostPolys.smallNtt(context, v, q, 0)) {
                backend.mulAdd(vp, publicKey.b(), c0);
                backend.mulAdd(vp, publicKey.a(), c1);
            }
        }
        backend.add(c0, pt.value(), c0);
        out.replace(new DevicePoly[] {c0, c1}, level, pt.scale(), pt.logSlots());
    }
}
