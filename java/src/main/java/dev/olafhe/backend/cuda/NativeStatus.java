package dev.olafhe.backend.cuda;

import dev.olafhe.backend.Availability;

/**
 * What the native kernel library reports about itself, for {@code ola doctor}: whether it loaded (and from
 * where, or why not), its version, whether CUDA is compiled in and for which architectures, and the device
 * the CUDA backend would use (or why there is none). Querying never throws.
 */
public record NativeStatus(boolean loaded, String location, String version, boolean cudaCompiled,
                           String cudaArchitectures, Availability device) {

    /** Loads the library if needed and asks it. */
    public static NativeStatus query() {
        NativeLibrary.Loaded loaded = NativeLibrary.load();
        if (loaded.library() == null) {
            return new NativeStatus(false, loaded.failure(), "-", false, "", Availability.no(loaded.failure()));
        }
        NativeLibrary lib = loaded.library();
        return new NativeStatus(true, loaded.path(), lib.version(), lib.cudaCompiled(), lib.cudaArchitectures(),
                CudaProbe.probe());
    }
}
