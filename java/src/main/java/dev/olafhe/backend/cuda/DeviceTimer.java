package dev.olafhe.backend.cuda;

/**
 * Device time of work on a {@link CudaBackend}'s stream, measured with CUDA events: {@link #start()}, queue the
 * work, {@link #stop()}, then {@link #elapsedMillis()} (which waits for the work). Host-side overhead before the
 * start and after the stop is not counted; gaps in which the GPU waited for the host to queue work are.
 * Obtained from {@link CudaBackend#newTimer()}; reusable (start again to restart); not thread-safe.
 * In a device-emulation test build ({@code -Pemulated-device}) the times are host times, not GPU times.
 */
public final class DeviceTimer implements AutoCloseable {
    private final NativeHandle handle;

    DeviceTimer(long handle) {
        this.handle = new NativeHandle(handle, "device timer", NativeApi::olafhe_timer_destroy);
    }

    /** Starts (or restarts) the measurement after the work queued so far. */
    public void start() {
        NativeLibrary.check(NativeApi.olafhe_timer_start(handle()));
    }

    /** Ends the measurement after the work queued so far; the timer must have been started. */
    public void stop() {
        NativeLibrary.check(NativeApi.olafhe_timer_stop(handle()));
    }

    /** Waits for the work before {@link #stop()} to finish and returns the milliseconds from start to stop. */
    public double elapsedMillis() {
        double[] milliseconds = new double[1];
        NativeLibrary.check(NativeApi.olafhe_timer_elapsed_ms(handle(), milliseconds));
        return milliseconds[0];
    }

    @Override
    public void close() {
        handle.close();
    }

    private long handle() {
        return handle.get();
    }
}
