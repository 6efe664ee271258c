package dev.olafhe.infer;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;

import java.math.BigInteger;
import java.util.OptionalDouble;

/**
 * A backend that counts the operations which make a linear layer expensive (host uploads, i.e. host-side
 * encodings; ModUp and ModDown of key switching; key inner products) and delegates everything to another backend.
 */
final class CountingBackend implements Backend {
    /** Counter values at one moment; subtract two to get the work in between. */
    record Counts(long uploads, long modUps, long innerProducts, long modDowns) {
        Counts minus(Counts before) {
            return new Counts(uploads - before.uploads, modUps - before.modUps, innerProducts - before.innerProducts,
                    modDowns - before.modDowns);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "uploads %4d, modUp %4d, inner products %3d, modDown %4d",
                    uploads, modUps, innerProducts, modDowns);
        }
    }

    private final Backend inner;
    private long uploads;
    private long modUps;
    private long innerProducts;
    private long modDowns;

    CountingBackend(Backend inner) {
        this.inner = inner;
    }

    synchronized Counts counts() {
        return new Counts(uploads, modUps, innerProducts, modDowns);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String description() {
        return "counting " + inner.description();
    }

    @Override
    public void synchronize() {
        inner.synchronize();
    }

    @Override
    public OptionalDouble deviceTimeMillis(Runnable work) {
        return inner.deviceTimeMillis(work);
    }

    @Override
    public long memoryCapacityBytes() {
        return inner.memoryCapacityBytes();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public DeviceRing createRing(int logN, long[] qModuli, long[] pModuli) {
        return inner.createRing(logN, qModuli, pModuli);
    }

    @Override
    public DevicePoly allocate(DeviceRing ring, int qCount, int pCount) {
        return inner.allocate(ring, qCount, pCount);
    }

    @Override
    public void upload(long[][] limbs, DevicePoly dst) {
        synchronized (this) {
            uploads++;
        }
        inner.upload(limbs, dst);
    }

    @Override
    public long[][] download(DevicePoly src) {
        return inner.download(src);
    }

    @Override
    public void copy(DevicePoly src, DevicePoly dst) {
        inner.copy(src, dst);
    }

    @Override
    public void add(DevicePoly a, DevicePoly b, DevicePoly out) {
        inner.add(a, b, out);
    }

    @Override
    public void sub(DevicePoly a, DevicePoly b, DevicePoly out) {
        inner.sub(a, b, out);
    }

    @Override
    public void neg(DevicePoly a, DevicePoly out) {
        inner.neg(a, out);
    }

    @Override
    public void mul(DevicePoly a, DevicePoly b, DevicePoly out) {
        inner.mul(a, b, out);
    }

    @Override
    public void mulAdd(DevicePoly a, DevicePoly b, DevicePoly acc) {
        inner.mulAdd(a, b, acc);
    }

    @Override
    public void mulScalar(DevicePoly a, BigInteger c, DevicePoly out) {
        inner.mulScalar(a, c, out);
    }

    @Override
    public void addScalarNtt(DevicePoly a, BigInteger c, DevicePoly out) {
        inner.addScalarNtt(a, c, out);
    }

    @Override
    public void tensor(DevicePoly a0, DevicePoly a1, DevicePoly b0, DevicePoly b1, DevicePoly d0, DevicePoly d1,
                       DevicePoly d2) {
        inner.tensor(a0, a1, b0, b1, d0, d1, d2);
    }

    @Override
    public void ntt(DevicePoly a, DevicePoly out) {
        inner.ntt(a, out);
    }

    @Override
    public void intt(DevicePoly a, DevicePoly out) {
        inner.intt(a, out);
    }

    @Override
    public void automorphismNtt(DevicePoly a, long galoisElement, DevicePoly out) {
        inner.automorphismNtt(a, galoisElement, out);
    }

    @Override
    public void automorphismCoeff(DevicePoly a, long galoisElement, DevicePoly out) {
        inner.automorphismCoeff(a, galoisElement, out);
    }

    @Override
    public void rescaleNtt(DevicePoly a, DevicePoly out) {
        inner.rescaleNtt(a, out);
    }

    @Override
    public void modRaise(DevicePoly a, DevicePoly out) {
        inner.modRaise(a, out);
    }

    @Override
    public void modUp(DevicePoly in, int firstLimb, int limbCount, DevicePoly out) {
        synchronized (this) {
            modUps++;
        }
        inner.modUp(in, firstLimb, limbCount, out);
    }

    @Override
    public void innerProduct(DevicePoly[] digits, DevicePoly[] keyB, DevicePoly[] keyA, DevicePoly out0,
                             DevicePoly out1) {
        synchronized (this) {
            innerProducts++;
        }
        inner.innerProduct(digits, keyB, keyA, out0, out1);
    }

    @Override
    public void modDown(DevicePoly in, DevicePoly out) {
        synchronized (this) {
            modDowns++;
        }
        inner.modDown(in, out);
    }
}
