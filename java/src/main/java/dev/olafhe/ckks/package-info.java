/**
 * RNS-CKKS on top of the {@link dev.olafhe.backend.Backend} SPI (no backend-specific code here).
 *
 * <p>Client side: {@link dev.olafhe.ckks.KeyGenerator} (secret, public and evaluation keys),
 * {@link dev.olafhe.ckks.Encoder}, {@link dev.olafhe.ckks.Encryptor}, {@link dev.olafhe.ckks.Decryptor}.
 * Server side: {@link dev.olafhe.ckks.Evaluator} with an {@link dev.olafhe.ckks.EvaluationKeySet} (no
 * secret key). Typical use:
 * <pre>{@code
 * CkksParameters params = CkksParameters.of(new CkksParametersLiteral(15, new int[] {60, 45, 45, 45},
 *         new int[] {61, 61}, 45, SecretDistribution.uniformTernary(), 0, false));
 * try (Backend backend = Backends.create(); CkksContext ctx = new CkksContext(params, backend)) {
 *     KeyGenerator keygen = new KeyGenerator(ctx);
 *     try (SecretKey sk = keygen.genSecretKey(); PublicKey pk = keygen.genPublicKey(sk);
 *          EvaluationKeySet evk = keygen.genEvaluationKeySet(sk, true, new int[] {1, 2}, true)) {
 *         Encoder encoder = new Encoder(ctx);
 *         Evaluator ev = new Evaluator(ctx, evk);
 *         try (Plaintext pt = encoder.encodeNew(values, params.maxLevel(), params.defaultScale());
 *              Ciphertext ct = Encryptor.withPublicKey(ctx, pk).encryptNew(pt);
 *              Ciphertext sq = ev.multiplyRelinNew(ct, ct)) {
 *             ev.rescale(sq, sq);
 *             ev.rotate(sq, 1, sq);
 *             ComplexVector result = encoder.decode(new Decryptor(ctx, sk).decryptNew(sq));
 *         }
 *     }
 * }
 * }</pre>
 * Ciphertexts, plaintexts and keys own backend memory: close them (try-with-resources).
 *
 * <p>Files and streams: {@link dev.olafhe.ckks.CkksSerializer} writes and reads every object above in the
 * checksummed container of {@link dev.olafhe.ckks.io.ContainerFormat} (parameter fingerprint checked on
 * load, every size bounded by the parameters, files written atomically); secret keys only through its explicit
 * secret-key methods, on the client. Every key and ciphertext file carries the {@link dev.olafhe.ckks.KeySetId} of
 * its key set, and a serializer bound to a key set refuses those of another. Switching keys are
 * seeded (stored at half size) and can be generated for lower levels only or kept compact in memory;
 * {@link dev.olafhe.ckks.KeyMemoryReport} shows what a key set costs.
 */
package dev.olafhe.ckks;
