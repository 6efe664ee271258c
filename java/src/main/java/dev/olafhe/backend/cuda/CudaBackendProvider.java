package dev.olafhe.backend.cuda;

import dev.olafhe.backend.Availability;
import dev.olafhe.backend.Backend;
import dev.olafhe.backend.BackendProvider;

/**
 * The CUDA backend: ranked above the CPU backend, so auto mode picks it whenever its probe finds the native
 * library with CUDA compiled in, a driver and a GPU; otherwise auto mode falls back to the CPU backend and
 * says why. The GPU is device 0 unless {@code -Dolafhe.cuda.device=K} says otherwise.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public Availability probe() {
        return CudaProbe.probe();
    }

    @Override
    public Backend create() {
        return new CudaBackend(Integer.getInteger("olafhe.cuda.device", 0));
    }
}
