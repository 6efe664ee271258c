package dev.olafhe.backend;

import java.math.BigInteger;
import java.util.OptionalDouble;

/**
 * The backend seam: everything a CKKS algorithm needs from the hardware. Algorithms in {@code ckks},
 * {@code infer} and above are written once against this interface; {@code backend.cpu} (pure Java,
 * the reference) and {@code backend.cuda} (GPU kernels) implement it. Integer RNS arithmetic is exact,
 * so every implementation must return bit-identical results for the same inputs.
 *
 * <h2>Data model</h2>
 * A {@link DeviceRing} holds the ring Z[X]/(X^N+1) with the ciphertext moduli Q = (q_0..q_L) and the
 * special moduli P = (p_0..p_{K-1}), plus whatever tables the device needs (NTT twiddles, basis
 * conversion constants). A {@link DevicePoly} holds the residues of one polynomial on a prefix of Q
 * ({@code qCount} limbs: q_0..q_{qCount-1}) followed by a prefix of P ({@code pCount} limbs).
 * The NTT convention is that of {@link dev.olafhe.math.NttTables}.
 *
 * <h2>Limb rule</h2>
 * Every operation computes the limbs of its output poly; each input must hold (at least) those limbs
 * (same Q indices, same P indices). So a level-ℓ output may be computed from a higher-level input, and
 * key polys (Q_L ∪ P) combine with level-ℓ digits. Unless stated, an output may alias an input.
 *
 * <h2>Domains</h2>
 * Element-wise ops work in either domain; products ({@link #mul}, {@link #tensor}, key switching) expect
 * NTT-domain operands. The backend does not track the domain; the caller does.
 */
public interface Backend extends AutoCloseable {
    /** Provider name, e.g. "cpu" or "cuda". */
    String name();

    /** Human-readable description of the device and configuration (threads, GPU model, driver). */
    String description();

    /**
     * Waits until all work queued on the backend has finished (a GPU backend runs asynchronously). Call it
     * before reading a clock in benchmarks; downloads synchronise by themselves. The default (synchronous
     * backends) returns at once.
     */
    default void synchronize() {
    }

    /**
     * Runs {@code work} and returns the time the device spent on it in milliseconds, measured by the device
     * (CUDA: events recorded on the backend's stream before and after the work; waits for the work to finish),
     * or empty when the backend has no device clock (the CPU backend: time it on the host instead). The work
     * runs either way, exactly once.
     */
    default OptionalDouble deviceTimeMillis(Runnable work) {
        work.run();
        return OptionalDouble.empty();
    }

    /**
     * Bytes the backend can hold polynomials in: what automatic memory decisions (e.g. {@code ola --compact auto},
     * whether keys fit resident) weigh their sizes against. The default is the JVM's maximum heap, where the CPU
     * backend keeps its polynomials; a GPU backend answers with its device's memory.
     */
    default long memoryCapacityBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Releases device resources held by the backend itself; the default holds none. */
    @Override
    default void close() {
    }

    // ---- memory ----------------------------------------------------------------------------------

    /** Creates the ring and its precomputed tables on the device. */
    DeviceRing createRing(int logN, long[] qModuli, long[] pModuli);

    /** Allocates a zero polynomial with limbs q_0..q_{qCount-1}, p_0..p_{pCount-1}. */
    DevicePoly allocate(DeviceRing ring, int qCount, int pCount);

    /**
     * Views of {@code buffer}: for each r, a poly over q_0..q_{qCounts[r]-1}, p_0..p_{pCounts[r]-1} stored in the first
     * {@code qCounts[r] + pCounts[r]} limbs of buffer's memory (contents: whatever those limbs hold), or null when this
     * backend's handles cannot share memory (the default: callers then allocate; the CPU and CUDA backends have
     * views). No device work and no allocation:
     * host-side handles, all shapes in one call, so that a freed poly can hold smaller ones ({@link PolyPool} serves
     * lower levels from higher levels' polys). Views and buffer alias each other; closing a view frees nothing, and
     * no view may be used once the buffer is closed.
     */
    default DevicePoly[] views(DevicePoly buffer, int[] qCounts, int[] pCounts) {
        return null;
    }

    /** Copies host residues (limbs in the poly's order, each of length N, values in [0, modulus)) in. */
    void upload(long[][] limbs, DevicePoly dst);

    /** Copies the residues to the host, limbs in the poly's order. */
    long[][] download(DevicePoly src);

    /** Copies each of dst's limbs from the same limb of src, or sets it to zero when src lacks that limb. */
    void copy(DevicePoly src, DevicePoly dst);

    // ---- element-wise (any domain unless stated) --------------------------------------------------

    void add(DevicePoly a, DevicePoly b, DevicePoly out);

    void sub(DevicePoly a, DevicePoly b, DevicePoly out);

    void neg(DevicePoly a, DevicePoly out);

    /** Hadamard product (NTT domain: polynomial product). */
    void mul(DevicePoly a, DevicePoly b, DevicePoly out);

    /** acc += a ⊙ b. */
    void mulAdd(DevicePoly a, DevicePoly b, DevicePoly acc);

    /** out = c · a for an integer constant c (any sign, any size; reduced per limb). */
    void mulScalar(DevicePoly a, BigInteger c, DevicePoly out);

    /**
     * out = a + c on every value of every limb. In the NTT domain this adds the constant polynomial c;
     * in the coefficient domain it would add c to every coefficient.
     */
    void addScalarNtt(DevicePoly a, BigInteger c, DevicePoly out);

    /** d0 = a0·b0, d1 = a0·b1 + a1·b0, d2 = a1·b1 (NTT domain); outputs must not alias inputs. */
    void tensor(DevicePoly a0, DevicePoly a1, DevicePoly b0, DevicePoly b1,
                DevicePoly d0, DevicePoly d1, DevicePoly d2);

    // ---- transforms --------------------------------------------------------------------------------

    /** Forward negacyclic NTT of every limb. */
    void ntt(DevicePoly a, DevicePoly out);

    /** Inverse negacyclic NTT of every limb. */
    void intt(DevicePoly a, DevicePoly out);

    /** X -> X^g in the NTT domain (an index permutation); out must not alias a. */
    void automorphismNtt(DevicePoly a, long galoisElement, DevicePoly out);

    /** X -> X^g in the coefficient domain (a signed permutation); out must not alias a. */
    void automorphismCoeff(DevicePoly a, long galoisElement, DevicePoly out);

    // ---- modulus switching --------------------------------------------------------------------------

    /**
     * Divides by the last Q modulus with rounding, in the NTT domain: a has Q limbs 0..ℓ (no P limbs),
     * out has Q limbs 0..ℓ-1 and receives floor((a + h) / q_ℓ) for the representative a in [0, Q_ℓ) and
     * h = floor(q_ℓ/2), i.e. out_i = (a_i − NTT_i([INTT(a_ℓ) + h]_{q_ℓ} − h)) · q_ℓ^-1 mod q_i.
     * out must not alias a.
     */
    void rescaleNtt(DevicePoly a, DevicePoly out);

    /**
     * ModRaise (bootstrapping): a holds one limb (q_0) in the coefficient domain; each limb of out
     * (coefficient domain) receives the centred representative of a's coefficient reduced mod its modulus.
     */
    void modRaise(DevicePoly a, DevicePoly out);

    // ---- hybrid key switching -----------------------------------------------------------------------

    /**
     * Decompose + ModUp of one digit: the digit is Q limbs [firstLimb, firstLimb + limbCount) of
     * {@code in} (NTT domain). Every limb of {@code out} (NTT domain, Q ∪ P) receives the digit extended
     * by fast basis conversion; limbs inside the digit are copied unchanged. Exactly (for bit-identical
     * backends): with x_i the coefficient-domain residues of the digit's limbs (inverse NTT) and
     * Q̃ = ∏ q_i over the digit, each other limb with modulus m receives the NTT of
     * y = Σ_i [x_i · (Q̃/q_i)^-1]_{q_i} · (Q̃/q_i) − u·Q̃ mod m with u = ⌊Σ_i y_i/q_i + 1/2⌋ summed in float64 in
     * limb order ({@link dev.olafhe.math.BasisConverter#overflow}): the centred digit, in [−Q̃/2, Q̃/2).
     */
    void modUp(DevicePoly in, int firstLimb, int limbCount, DevicePoly out);

    /**
     * Key-switching inner product over the limbs of out0/out1 (NTT domain):
     * out0 = Σ_j digits[j] ⊙ keyB[j], out1 = Σ_j digits[j] ⊙ keyA[j].
     */
    void innerProduct(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0, DevicePoly out1);

    /**
     * ModDown: in has Q limbs 0..ℓ' and all K P limbs (NTT domain); out (Q limbs 0..ℓ, ℓ ≤ ℓ') receives
     * round(in / P), computed as (in + h − Conv_{P→Q}([in + h]_P)) · P^-1 with h = floor(P/2) added to every
     * coefficient in the coefficient domain; Conv is the fast basis conversion with the P primes as source, its
     * excess v·P removed with v = ⌊Σ_i y_i/p_i⌋ in float64 ({@link dev.olafhe.math.BasisConverter#overflow}).
     * out may not alias in.
     */
    void modDown(DevicePoly in, DevicePoly out);

    // ---- whole operations ---------------------------------------------------------------------------
    // One call each, so that a device backend can run them without a host round trip per primitive. The defaults
    // compose the primitives above (bit-identical by construction); working memory comes from the caller's
    // ScratchArena, which a native implementation may ignore in favour of its own.

    /**
     * Decompose + ModUp of every digit: {@code in} (NTT domain) has Q limbs 0..ℓ; digit j is its Q limbs
     * [j·digitSize, min((j+1)·digitSize, ℓ+1)) and {@code digits[j]} (Q_ℓ ∪ P) receives it as {@link #modUp} does.
     */
    @WholeOperation
    default void decompose(DevicePoly in, int digitSize, DevicePoly[] digits) {
        CoarseCompositions.decompose(this, in, digitSize, digits);
    }

    /**
     * Hybrid key switch of {@code in} (NTT domain, Q limbs 0..ℓ) with a key's first digits (b_j, a_j):
     * out0, out1 (Q_ℓ) = ModDown(Σ_j ModUp(digit_j) ⊙ b_j), ModDown(Σ_j ModUp(digit_j) ⊙ a_j), i.e.
     * {@link #decompose}, {@link #innerProduct} and two {@link #modDown}s.
     */
    @WholeOperation
    default void keySwitch(DevicePoly in, int digitSize, DevicePoly[] keyB, DevicePoly[] keyA,
                           DevicePoly out0, DevicePoly out1, ScratchArena scratch) {
        CoarseCompositions.keySwitch(this, in, digitSize, keyB, keyA, out0, out1, scratch);
    }

    /**
     * {@link #keySwitch} of {@code in} added to a ciphertext: out0 = ks0 + c0, out1 = ks1 + c1 (Q_ℓ), as relinearization
     * needs. The outputs may alias c0 and c1, not {@code in}.
     */
    @WholeOperation
    default void keySwitchAdd(DevicePoly in, int digitSize, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly c0,
                              DevicePoly c1, DevicePoly out0, DevicePoly out1, ScratchArena scratch) {
        CoarseCompositions.keySwitchAdd(this, in, digitSize, keyB, keyA, c0, c1, out0, out1, scratch);
    }

    /** {@link #keySwitch} from digits that {@link #decompose} computed (shared by hoisted key switches). */
    @WholeOperation
    default void keySwitchDecomposed(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA,
                                     DevicePoly out0, DevicePoly out1, ScratchArena scratch) {
        CoarseCompositions.keySwitchDecomposed(this, digits, keyB, keyA, out0, out1, scratch);
    }

    /**
     * A batch of hoisted automorphisms of the ciphertext (c0, c1) from the digits of c1: for each r, with
     * (k0, k1) the {@link #keySwitchDecomposed} of the digits with key r, out0[r] = σ_r(k0 + c0) and
     * out1[r] = σ_r(k1) in the NTT domain, σ_r the automorphism of galoisElements[r]. Outputs over Q_ℓ.
     */
    @WholeOperation
    default void automorphismsHoisted(DevicePoly c0, DevicePoly[] digits, long[] galoisElements,
                                      DevicePoly[][] keyB, DevicePoly[][] keyA, DevicePoly[] out0, DevicePoly[] out1,
                                      ScratchArena scratch) {
        CoarseCompositions.automorphismsHoisted(this, c0, digits, galoisElements, keyB, keyA, out0, out1, scratch);
    }

    /**
     * {@link #automorphismsHoisted} of (c0, c1) from a decomposition of c1 made for this call ({@link #decompose} into
     * scratch): automorphisms that share no decomposition with other calls (a single rotation or conjugation).
     */
    @WholeOperation
    default void automorphisms(DevicePoly c0, DevicePoly c1, int digitSize, long[] galoisElements,
                               DevicePoly[][] keyB, DevicePoly[][] keyA, DevicePoly[] out0, DevicePoly[] out1,
                               ScratchArena scratch) {
        CoarseCompositions.automorphisms(this, c0, c1, digitSize, galoisElements, keyB, keyA, out0, out1, scratch);
    }

    /**
     * acc += Σ_r lazy σ_r(in[r]), without ModDown: each degree-1 ciphertext in[r] (c0, c1 over Q_ℓ) is decomposed
     * ({@link #decompose}) and goes through {@link #automorphismsHoistedLazy} with its own Galois element and key
     * halves, and the lazy results (over Q_ℓ ∪ P, still multiplied by P = {@code pProduct}) are added into acc (Q_ℓ ∪
     * P, NTT domain): the giant steps of a BSGS linear transform in one call, which then needs one ModDown for all of
     * them (double hoisting). acc must not alias an input.
     */
    @WholeOperation
    default void automorphismsAccumulate(DevicePoly[][] in, int digitSize, long[] galoisElements, DevicePoly[][] keyB,
                                         DevicePoly[][] keyA, BigInteger pProduct, DevicePoly[] acc,
                                         ScratchArena scratch) {
        CoarseCompositions.automorphismsAccumulate(this, in, digitSize, galoisElements, keyB, keyA, pProduct, acc,
                scratch);
    }

    /**
     * acc += lazy σ(prev) for a lazy ciphertext prev (c0, c1 over Q_ℓ ∪ P, times P = {@code pProduct}): c1 is brought
     * down to Q_ℓ ({@link #modDown}) and key-switched as in {@link #automorphismsAccumulate}, c0 is permuted where it
     * is (σ(P·c0 + e) is as good a lazy form of σ(c0) as a ModDown and a lift would give, without their transforms).
     * The Horner step of a linear transform's nested giant steps; acc (Q_ℓ ∪ P) must not alias prev.
     */
    @WholeOperation
    default void addRotatedLazy(DevicePoly[] prev, int digitSize, long galoisElement, DevicePoly[] keyB,
                                DevicePoly[] keyA, BigInteger pProduct, DevicePoly[] acc, ScratchArena scratch) {
        CoarseCompositions.addRotatedLazy(this, prev, digitSize, galoisElement, keyB, keyA, pProduct, acc, scratch);
    }

    /**
     * out = {@link #sumOfProducts}(operands, factors) + lazy σ(prev) ({@link #addRotatedLazy}): one Horner step of a
     * linear transform's nested giant steps with resident diagonals. out (Q_ℓ ∪ P) must not alias an input.
     */
    @WholeOperation
    default void sumOfProductsAddRotatedLazy(DevicePoly[][] operands, DevicePoly[] factors, DevicePoly[] prev,
                                             int digitSize, long galoisElement, DevicePoly[] keyB, DevicePoly[] keyA,
                                             BigInteger pProduct, DevicePoly[] out, ScratchArena scratch) {
        sumOfProducts(operands, factors, out);
        addRotatedLazy(prev, digitSize, galoisElement, keyB, keyA, pProduct, out, scratch);
    }

    /**
     * The lazy form of {@link #automorphismsHoisted} (double hoisting): no ModDown, outputs over Q_ℓ ∪ P still
     * multiplied by P = {@code pProduct}: out0[r] = σ_r(Σ_j digit_j ⊙ b_rj + P·c0), out1[r] = σ_r(Σ_j digit_j ⊙ a_rj).
     */
    @WholeOperation
    default void automorphismsHoistedLazy(DevicePoly c0, BigInteger pProduct, DevicePoly[] digits,
                                          long[] galoisElements, DevicePoly[][] keyB, DevicePoly[][] keyA,
                                          DevicePoly[] out0, DevicePoly[] out1, ScratchArena scratch) {
        CoarseCompositions.automorphismsHoistedLazy(this, c0, pProduct, digits, galoisElements, keyB, keyA,
                out0, out1, scratch);
    }

    // ---- whole ciphertexts: every part in one call (arrays of equal length, part i with part i) ----------

    @WholeOperation
    default void addParts(DevicePoly[] a, DevicePoly[] b, DevicePoly[] out) {
        CoarseCompositions.eachPart(out, CoarseCompositions.sameLength(a, b), i -> add(a[i], b[i], out[i]));
    }

    @WholeOperation
    default void subParts(DevicePoly[] a, DevicePoly[] b, DevicePoly[] out) {
        CoarseCompositions.eachPart(out, CoarseCompositions.sameLength(a, b), i -> sub(a[i], b[i], out[i]));
    }

    @WholeOperation
    default void negParts(DevicePoly[] a, DevicePoly[] out) {
        CoarseCompositions.eachPart(out, a.length, i -> neg(a[i], out[i]));
    }

    /** out[i] = a[i] ⊙ b: every part times one poly (a plaintext, a diagonal). */
    @WholeOperation
    default void mulParts(DevicePoly[] a, DevicePoly b, DevicePoly[] out) {
        CoarseCompositions.eachPart(out, a.length, i -> mul(a[i], b, out[i]));
    }

    /** acc[i] += a[i] ⊙ b. */
    @WholeOperation
    default void mulAddParts(DevicePoly[] a, DevicePoly b, DevicePoly[] acc) {
        CoarseCompositions.eachPart(acc, a.length, i -> mulAdd(a[i], b, acc[i]));
    }

    @WholeOperation
    default void mulScalarParts(DevicePoly[] a, BigInteger c, DevicePoly[] out) {
        CoarseCompositions.eachPart(out, a.length, i -> mulScalar(a[i], c, out[i]));
    }

    /**
     * out[i] = Σ_k operands[k][i] ⊙ factors[k] over every part i (NTT domain), overwriting out: the multiply-accumulate
     * of a giant step of a BSGS linear transform (operands: the rotated ciphertexts, factors: their diagonals).
     */
    @WholeOperation
    default void sumOfProducts(DevicePoly[][] operands, DevicePoly[] factors, DevicePoly[] out) {
        CoarseCompositions.sumOfProducts(this, operands, factors, out);
    }

    /**
     * {@link #modDownParts} of the {@link #sumOfProducts} of lazy (Q ∪ P) operands: out (Q_ℓ) receives the ModDown of
     * a giant step's multiply-accumulate, the sum kept in scratch.
     */
    @WholeOperation
    default void sumOfProductsModDown(DevicePoly[][] operands, DevicePoly[] factors, DevicePoly[] out,
                                      ScratchArena scratch) {
        CoarseCompositions.sumOfProductsModDown(this, operands, factors, out, scratch);
    }

    /**
     * {@link #sumOfProductsModDown} of several giant steps in one call: outs[g] receives the ModDown of
     * Σ_k operands[g][k] ⊙ factors[g][k] (a batch of a linear transform's giant steps).
     */
    @WholeOperation
    default void sumsOfProductsModDown(DevicePoly[][][] operands, DevicePoly[][] factors, DevicePoly[][] outs,
                                       ScratchArena scratch) {
        CoarseCompositions.sumsOfProductsModDown(this, operands, factors, outs, scratch);
    }

    /**
     * out[i] = Σ_k factors[k]·operands[k][i] (+ {@code constant} on out[0] when it is not null), every constant an
     * integer reduced per limb: a linear combination of ciphertexts with integer weights, such as the leaf of a
     * polynomial evaluation. operands[0] has every part of out, the others a prefix of them (missing parts count as
     * zero). out may alias operands[0], no other operand. Modular arithmetic is exact, so this equals the terms
     * multiplied and summed one by one in any order.
     */
    @WholeOperation
    default void linearCombination(DevicePoly[][] operands, BigInteger[] factors, BigInteger constant,
                                   DevicePoly[] out, ScratchArena scratch) {
        CoarseCompositions.linearCombination(this, operands, factors, constant, out, scratch);
    }

    /**
     * {@link #linearCombination} over out's Q limbs and one more, then {@link #rescaleParts} into out: the leaf of a
     * polynomial evaluation (combined one level up, then rescaled) in one call, the unrescaled sum kept in scratch. No
     * output may alias an operand.
     */
    @WholeOperation
    default void linearCombinationRescale(DevicePoly[][] operands, BigInteger[] factors, BigInteger constant,
                                          DevicePoly[] out, ScratchArena scratch) {
        CoarseCompositions.linearCombinationRescale(this, operands, factors, constant, out, scratch);
    }

    /**
     * The product of two degree-1 ciphertexts and the steps that follow it, in one call (a device backend runs them
     * back to back with no host round trip): (d_0, d_1, d_2) = {@link #tensor} of a and b (NTT domain) over the
     * product's limbs (out's Q limbs, one more when {@code rescale}); the {@code combination} (null: none) when it
     * comes before relinearization; when {@code keyB} is not null, relinearization: (d_0, d_1) = {@link #keySwitchAdd}
     * of d_2 with the key halves added to (d_0, d_1); the combination when it comes after relinearization; when
     * {@code rescale}, {@link #rescaleParts}. out receives the result: 2 parts when relinearized, else 3. Java decides
     * every step (levels, scales, weights); the result is that of the operations called one by one. Inputs may be above
     * the product's level; no output may alias an input.
     */
    @WholeOperation
    default void multiplyRelinearize(DevicePoly[] a, DevicePoly[] b, ProductCombination combination, int digitSize,
                                     DevicePoly[] keyB, DevicePoly[] keyA, boolean rescale, DevicePoly[] out,
                                     ScratchArena scratch) {
        CoarseCompositions.multiplyRelinearize(this, a, b, combination, digitSize, keyB, keyA, rescale, out, scratch);
    }

    /** {@link #copy} of every part: a level drop when dst has fewer limbs. */
    @WholeOperation
    default void copyParts(DevicePoly[] src, DevicePoly[] dst) {
        CoarseCompositions.eachPart(dst, src.length, i -> copy(src[i], dst[i]));
    }

    /** {@link #modDown} of every part; out must not alias in. */
    @WholeOperation
    default void modDownParts(DevicePoly[] in, DevicePoly[] out) {
        CoarseCompositions.eachPart(out, in.length, i -> modDown(in[i], out[i]));
    }

    /** {@link #rescaleNtt} of every part; out must not alias a. */
    @WholeOperation
    default void rescaleParts(DevicePoly[] a, DevicePoly[] out) {
        CoarseCompositions.eachPart(out, a.length, i -> rescaleNtt(a[i], out[i]));
    }
}
