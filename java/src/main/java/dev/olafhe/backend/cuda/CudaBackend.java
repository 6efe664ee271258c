package dev.olafhe.backend.cuda;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.ProductCombination;
import dev.olafhe.backend.ScratchArena;
import dev.olafhe.backend.UploadChecks;
import dev.olafhe.math.Modulus;
import dev.olafhe.math.Primes;

import java.math.BigInteger;
import java.util.OptionalDouble;

/**
 * The {@link Backend} on an NVIDIA GPU: every primitive is one call into the CUDA kernel library
 * ({@code cuda/}) through its C ABI. Polynomials stay in device memory between calls; only
 * {@link #upload}/{@link #download} cross the bus. Results are bit-identical to the CPU backend (same exact
 * formulas; see the SPI). Work is asynchronous on one CUDA stream per backend; downloads synchronise.
 *
 * <p>Not yet verified on a GPU: this class and the kernels were compiled and their arithmetic host-tested,
 * but the contract test ({@code CudaBackendContractTest}) skips without a GPU.
 */
public final class CudaBackend implements Backend {
    private final int device;
    private final String description;
    private final NativeHandle context;
    private final boolean emulated;
    private final NativeWholeOperations whole = new NativeWholeOperations(this);

    /** A backend on GPU {@code device}; fails with the probe's reason when CUDA cannot be used. */
    public CudaBackend(int device) {
        NativeLibrary.Loaded loaded = NativeLibrary.load();
        if (loaded.library() == null) {
            throw new IllegalStateException(loaded.failure());
        }
        NativeLibrary lib = loaded.library();
        if (!lib.cudaCompiled()) {
            throw new IllegalStateException("CUDA not compiled in: native library " + lib.version()
                    + " was built without nvcc (or with -Dolafhe.cuda=OFF)");
        }
        long[] handle = new long[1];
        NativeLibrary.check(NativeApi.olafhe_context_create(device, handle));
        this.device = device;
        this.context = new NativeHandle(handle[0], "CUDA backend", NativeApi::olafhe_context_destroy);
        this.emulated = CudaProbe.EMULATION.equals(lib.cudaArchitectures());
        this.description = "CUDA " + lib.describeDevice(device) + ", native library " + lib.version()
                + " (kernels for " + lib.cudaArchitectures() + ")";
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String description() {
        return description;
    }

    /** Device memory held by this backend's pool: bytes in use, cached for reuse, and the peak in use. */
    public long[] memoryStatistics() {
        long[] inUse = new long[1];
        long[] cached = new long[1];
        long[] peak = new long[1];
        NativeLibrary.check(NativeApi.olafhe_context_memory(context(), inUse, cached, peak));
        return new long[] {inUse[0], cached[0], peak[0]};
    }

    /**
     * The work counters of this backend's native context since it was created or last {@linkplain #resetNativeCounts
     * reset}: native calls, kernel launches, device allocations, copies ({@link NativeCounts}). Reading them is not
     * counted; subtract two snapshots ({@link NativeCounts#minus}) for the work in between.
     */
    public NativeCounts nativeCounts() {
        long[] values = new long[NativeApi.COUNTER_COUNT];
        int[] count = new int[1];
        NativeLibrary.check(NativeApi.olafhe_context_counters(context(), values, values.length, count));
        if (count[0] != NativeApi.COUNTER_COUNT) {
            throw new IllegalStateException("the native library has " + count[0] + " work counters, this binding "
                    + NativeApi.COUNTER_COUNT + ": the library and the jar come from different builds");
        }
        return NativeCounts.of(values);
    }

    /** Sets the native work counters to zero. */
    public void resetNativeCounts() {
        NativeLibrary.check(NativeApi.olafhe_context_counters_reset(context()));
    }

    /** Waits for all queued GPU work (for timing); reports asynchronous kernel faults. */
    @Override
    public void synchronize() {
        NativeLibrary.check(NativeApi.olafhe_context_synchronize(context()));
    }

    /** The device's total memory: keys and polynomials live there, not on the JVM heap. */
    @Override
    public long memoryCapacityBytes() {
        long[] free = new long[1];
        long[] total = new long[1];
        NativeLibrary.check(NativeApi.olafhe_device_memory(device, free, total));
        return total[0];
    }

    public int device() {
        return device;
    }

    /**
     * Whether the kernels run in the host emulation of the test build ({@code -Pemulated-device}), not on a GPU: the
     * launch sequence is a GPU build's, except that its NTTs use 2^5-word tiles, hence more phases (launches).
     */
    public boolean emulated() {
        return emulated;
    }

    /** A timer of work on this backend's stream (CUDA events); close it when done. */
    public DeviceTimer newTimer() {
        long[] handle = new long[1];
        NativeLibrary.check(NativeApi.olafhe_timer_create(context(), handle));
        return new DeviceTimer(handle[0]);
    }

    /** Device time of {@code work}, between CUDA events recorded before and after it on this backend's stream. */
    @Override
    public OptionalDouble deviceTimeMillis(Runnable work) {
        try (DeviceTimer timer = newTimer()) {
            timer.start();
            work.run();
            timer.stop();
            return OptionalDouble.of(timer.elapsedMillis());
        }
    }

    @Override
    public void close() {
        context.close();
    }

    private long context() {
        return context.get();
    }

    CudaPoly cuda(DevicePoly p) {
        if (!(p instanceof CudaPoly cp) || cp.cudaRing().backend() != this) {
            throw new IllegalArgumentException("not a polynomial of this CUDA backend: " + p);
        }
        return cp;
    }

    long h(DevicePoly p) {
        return cuda(p).handle();
    }

    // ---- memory ----------------------------------------------------------------------------------

    @Override
    public DeviceRing createRing(int logN, long[] qModuli, long[] pModuli) {
        int n = 1 << logN;
        long[] moduli = new long[qModuli.length + pModuli.length];
        System.arraycopy(qModuli, 0, moduli, 0, qModuli.length);
        System.arraycopy(pModuli, 0, moduli, qModuli.length, pModuli.length);
        long[] psi = new long[moduli.length];
        for (int i = 0; i < moduli.length; i++) {
            psi[i] = Primes.smallestPrimitiveRoot2N(new Modulus(moduli[i]), n); // the NttTables convention
        }
        long[] handle = new long[1];
        NativeLibrary.check(NativeApi.olafhe_ring_create(context(), logN, moduli, psi, qModuli.length,
                pModuli.length, handle));
        return new CudaRing(this, handle[0], logN, qModuli, pModuli);
    }

    @Override
    public DevicePoly allocate(DeviceRing ring, int qCount, int pCount) {
        if (!(ring instanceof CudaRing cr) || cr.backend() != this) {
            throw new IllegalArgumentException("not a ring of this CUDA backend: " + ring);
        }
        long[] handle = new long[1];
        NativeLibrary.check(NativeApi.olafhe_poly_create(cr.handle(), qCount, pCount, handle));
        return new CudaPoly(cr, handle[0], qCount, pCount);
    }

    /** Native poly handles on the buffer's device memory ({@code olafhe_poly_views}, one call for all shapes). */
    @Override
    public DevicePoly[] views(DevicePoly buffer, int[] qCounts, int[] pCounts) {
        CudaPoly b = cuda(buffer);
        long[] handles = new long[qCounts.length];
        NativeLibrary.check(NativeApi.olafhe_poly_views(b.handle(), qCounts.length, qCounts, pCounts, handles));
        DevicePoly[] out = new DevicePoly[handles.length];
        for (int r = 0; r < out.length; r++) {
            out[r] = new CudaPoly(b.cudaRing(), handles[r], qCounts[r], pCounts[r]);
        }
        return out;
    }

    @Override
    public void upload(long[][] limbs, DevicePoly dst) {
        CudaPoly d = cuda(dst);
        UploadChecks.checkShape(limbs, d);
        int n = d.ring().n();
        long[] flat = new long[limbs.length * n];
        for (int l = 0; l < limbs.length; l++) {
            System.arraycopy(limbs[l], 0, flat, l * n, n);
        }
        NativeLibrary.check(NativeApi.olafhe_poly_upload(d.handle(), flat, flat.length));
    }

    @Override
    public long[][] download(DevicePoly src) {
        CudaPoly s = cuda(src);
        int n = s.ring().n();
        long[] flat = new long[s.limbCount() * n];
        NativeLibrary.check(NativeApi.olafhe_poly_download(s.handle(), flat, flat.length));
        long[][] limbs = new long[s.limbCount()][n];
        for (int l = 0; l < limbs.length; l++) {
            System.arraycopy(flat, l * n, limbs[l], 0, n);
        }
        return limbs;
    }

    @Override
    public void copy(DevicePoly src, DevicePoly dst) {
        NativeLibrary.check(NativeApi.olafhe_copy(h(src), h(dst)));
    }

    // ---- element-wise ------------------------------------------------------------------------------

    @Override
    public void add(DevicePoly a, DevicePoly b, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_add(h(a), h(b), h(out)));
    }

    @Override
    public void sub(DevicePoly a, DevicePoly b, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_sub(h(a), h(b), h(out)));
    }

    @Override
    public void neg(DevicePoly a, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_neg(h(a), h(out)));
    }

    @Override
    public void mul(DevicePoly a, DevicePoly b, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_mul(h(a), h(b), h(out)));
    }

    @Override
    public void mulAdd(DevicePoly a, DevicePoly b, DevicePoly acc) {
        NativeLibrary.check(NativeApi.olafhe_mul_add(h(a), h(b), h(acc)));
    }

    /** c reduced modulo every modulus of the ring (ring order), as the C ABI takes constants. */
    static long[] residues(CudaRing ring, BigInteger c) {
        long[] r = new long[ring.totalModuli()];
        for (int i = 0; i < r.length; i++) {
            r[i] = c.mod(BigInteger.valueOf(ring.modulus(i))).longValue();
        }
        return r;
    }

    @Override
    public void mulScalar(DevicePoly a, BigInteger c, DevicePoly out) {
        long[] r = residues(cuda(out).cudaRing(), c);
        NativeLibrary.check(NativeApi.olafhe_mul_scalar(h(a), r, r.length, h(out)));
    }

    @Override
    public void addScalarNtt(DevicePoly a, BigInteger c, DevicePoly out) {
        long[] r = residues(cuda(out).cudaRing(), c);
        NativeLibrary.check(NativeApi.olafhe_add_scalar(h(a), r, r.length, h(out)));
    }

    @Override
    public void tensor(DevicePoly a0, DevicePoly a1, DevicePoly b0, DevicePoly b1,
                       DevicePoly d0, DevicePoly d1, DevicePoly d2) {
        NativeLibrary.check(NativeApi.olafhe_tensor(h(a0), h(a1), h(b0), h(b1), h(d0), h(d1), h(d2)));
    }

    // ---- transforms --------------------------------------------------------------------------------

    @Override
    public void ntt(DevicePoly a, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_ntt(h(a), h(out)));
    }

    @Override
    public void intt(DevicePoly a, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_intt(h(a), h(out)));
    }

    @Override
    public void automorphismNtt(DevicePoly a, long galoisElement, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_automorphism_ntt(h(a), galoisElement, h(out)));
    }

    @Override
    public void automorphismCoeff(DevicePoly a, long galoisElement, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_automorphism_coeff(h(a), galoisElement, h(out)));
    }

    // ---- modulus switching --------------------------------------------------------------------------

    @Override
    public void rescaleNtt(DevicePoly a, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_rescale_ntt(h(a), h(out)));
    }

    @Override
    public void modRaise(DevicePoly a, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_mod_raise(h(a), h(out)));
    }

    // ---- hybrid key switching -----------------------------------------------------------------------

    @Override
    public void modUp(DevicePoly in, int firstLimb, int limbCount, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_mod_up(h(in), firstLimb, limbCount, h(out)));
    }

    @Override
    public void innerProduct(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0, DevicePoly out1) {
        requireKeyHalves(keyB, keyA, "innerProduct");
        long[] d = handles(digits);
        NativeLibrary.check(NativeApi.olafhe_inner_product(d, d.length, handles(keyB), handles(keyA), keyB.length,
                h(out0), h(out1)));
    }

    long[] handles(DevicePoly[] polys) {
        long[] handles = new long[polys.length];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = h(polys[i]);
        }
        return handles;
    }

    static void requireKeyHalves(DevicePoly[] keyB, DevicePoly[] keyA, String op) {
        if (keyB.length != keyA.length) {
            throw new IllegalArgumentException(op + ": key halves have " + keyB.length + " and " + keyA.length + " digits");
        }
    }

    // ---- whole operations: native, one call each; the scratch is the context's pool, not the caller's ----------

    @Override
    public void keySwitch(DevicePoly in, int digitSize, DevicePoly[] keyB, DevicePoly[] keyA,
                          DevicePoly out0, DevicePoly out1, ScratchArena scratch) {
        requireKeyHalves(keyB, keyA, "keySwitch");
        NativeLibrary.check(NativeApi.olafhe_key_switch(h(in), digitSize, handles(keyB), handles(keyA), keyB.length,
                h(out0), h(out1)));
    }

    @Override
    public void rescaleParts(DevicePoly[] a, DevicePoly[] out) {
        if (a.length != out.length) {
            throw new IllegalArgumentException("rescaleParts: " + a.length + " parts in, " + out.length + " out");
        }
        NativeLibrary.check(NativeApi.olafhe_rescale_parts(handles(a), handles(out), a.length));
    }

    @Override
    public void modDown(DevicePoly in, DevicePoly out) {
        NativeLibrary.check(NativeApi.olafhe_mod_down(h(in), h(out)));
    }

    @Override
    public void linearCombinationRescale(DevicePoly[][] operands, BigInteger[] factors, BigInteger constant,
                                         DevicePoly[] out, ScratchArena scratch) {
        whole.linearCombination(operands, factors, constant, out, true);
    }

    @Override
    public void linearCombination(DevicePoly[][] operands, BigInteger[] factors, BigInteger constant,
                                  DevicePoly[] out, ScratchArena scratch) {
        whole.linearCombination(operands, factors, constant, out, false);
    }

    @Override
    public void multiplyRelinearize(DevicePoly[] a, DevicePoly[] b, ProductCombination combination, int digitSize,
                                    DevicePoly[] keyB, DevicePoly[] keyA, boolean rescale, DevicePoly[] out,
                                    ScratchArena scratch) {
        whole.multiplyRelinearize(a, b, combination, digitSize, keyB, keyA, rescale, out);
    }

    @Override
    public void decompose(DevicePoly in, int digitSize, DevicePoly[] digits) {
        whole.decompose(in, digitSize, digits);
    }

    @Override
    public void keySwitchDecomposed(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0,
                                    DevicePoly out1, ScratchArena scratch) {
        whole.keySwitchDecomposed(digits, keyB, keyA, out0, out1);
    }

    @Override
    public void keySwitchAdd(DevicePoly in, int digitSize, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly c0,
                             DevicePoly c1, DevicePoly out0, DevicePoly out1, ScratchArena scratch) {
        whole.keySwitchAdd(in, digitSize, keyB, keyA, c0, c1, out0, out1);
    }

    @Override
    public void automorphismsHoisted(DevicePoly c0, DevicePoly[] digits, long[] galoisElements, DevicePoly[][] keyB,
                                     DevicePoly[][] keyA, DevicePoly[] out0, DevicePoly[] out1, ScratchArena scratch) {
        whole.automorphismsHoisted(c0, null, digits, galoisElements, keyB, keyA, out0, out1);
    }

    @Override
    public void automorphismsHoistedLazy(DevicePoly c0, BigInteger pProduct, DevicePoly[] digits, long[] galoisElements,
                                         DevicePoly[][] keyB, DevicePoly[][] keyA, DevicePoly[] out0, DevicePoly[] out1,
                                         ScratchArena scratch) {
        whole.automorphismsHoisted(c0, pProduct, digits, galoisElements, keyB, keyA, out0, out1);
    }

    @Override
    public void automorphisms(DevicePoly c0, DevicePoly c1, int digitSize, long[] galoisElements, DevicePoly[][] keyB,
                              DevicePoly[][] keyA, DevicePoly[] out0, DevicePoly[] out1, ScratchArena scratch) {
        whole.automorphisms(c0, c1, digitSize, galoisElements, keyB, keyA, out0, out1);
    }

    @Override
    public void automorphismsAccumulate(DevicePoly[][] in, int digitSize, long[] galoisElements, DevicePoly[][] keyB,
                                        DevicePoly[][] keyA, BigInteger pProduct, DevicePoly[] acc,
                                        ScratchArena scratch) {
        whole.automorphismsAccumulate(in, digitSize, galoisElements, keyB, keyA, pProduct, acc);
    }

    @Override
    public void sumOfProducts(DevicePoly[][] operands, DevicePoly[] factors, DevicePoly[] out) {
        whole.sumOfProducts(operands, factors, out, false);
    }

    @Override
    public void sumOfProductsModDown(DevicePoly[][] operands, DevicePoly[] factors, DevicePoly[] out,
                                     ScratchArena scratch) {
        whole.sumOfProducts(operands, factors, out, true);
    }

    // ---- whole ciphertexts: every part in one native call -----------------------------------------------------

    @Override
    public void addParts(DevicePoly[] a, DevicePoly[] b, DevicePoly[] out) {
        whole.binaryParts(NativeApi.PARTS_ADD, a, b, out);
    }

    @Override
    public void subParts(DevicePoly[] a, DevicePoly[] b, DevicePoly[] out) {
        whole.binaryParts(NativeApi.PARTS_SUB, a, b, out);
    }

    @Override
    public void mulParts(DevicePoly[] a, DevicePoly b, DevicePoly[] out) {
        whole.binaryParts(NativeApi.PARTS_MUL, a, new DevicePoly[] {b}, out);
    }

    @Override
    public void mulAddParts(DevicePoly[] a, DevicePoly b, DevicePoly[] acc) {
        whole.binaryParts(NativeApi.PARTS_MUL_ADD, a, new DevicePoly[] {b}, acc);
    }

    @Override
    public void negParts(DevicePoly[] a, DevicePoly[] out) {
        whole.negParts(a, out);
    }

    @Override
    public void mulScalarParts(DevicePoly[] a, BigInteger c, DevicePoly[] out) {
        whole.mulScalarParts(a, c, out);
    }

    @Override
    public void copyParts(DevicePoly[] src, DevicePoly[] dst) {
        whole.copyParts(src, dst);
    }

    @Override
    public void modDownParts(DevicePoly[] in, DevicePoly[] out) {
        whole.modDownParts(in, out);
    }
}
