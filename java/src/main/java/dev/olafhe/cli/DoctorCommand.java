package dev.olafhe.cli;

import dev.olafhe.backend.Backends;
import dev.olafhe.backend.cuda.NativeStatus;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ola doctor}: which backend OLA-FHE would use here and why (every provider's probe), the native
 * kernel library (version, CUDA compiled in, architectures) and the GPU, or the reason there is none.
 * Exit code 1 when the requested backend cannot be used, else 0.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show the backend decision with each provider's reason, the native library and the GPU.")
public final class DoctorCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return run(System.out);
    }

    int run(PrintStream out) {
        Runtime rt = Runtime.getRuntime();
        out.println("OLA-FHE doctor");
        out.printf(Locale.ROOT, "java       : %s %s, %d processors, max heap %.1f GiB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rt.availableProcessors(), rt.maxMemory() / 1073741824.0);
        String requested = Backends.requested();
        out.println("requested  : " + requested + " (-Dolafhe.backend, else OLAFHE_BACKEND, else auto)");
        out.println("providers  :");
        Backends.Decision decision = null;
        String failure = null;
        try {
            decision = Backends.decide(requested);
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
        for (Backends.Probed p : decision != null ? decision.probes() : probeAll()) {
            out.printf(Locale.ROOT, "  %-5s (rank %2d): %s — %s%n", p.provider().name(), p.provider().rank(),
                    p.availability().available() ? "available" : "UNAVAILABLE", p.availability().reason());
        }
        out.println("decision   : " + (decision != null ? decision.chosen().name() + " — " + decision.why()
                : "NONE — " + failure));
        NativeStatus nativeStatus = NativeStatus.query();
        if (nativeStatus.loaded()) {
            out.println("native lib : libolafhe_native " + nativeStatus.version() + " loaded from " + nativeStatus.location());
            out.println("CUDA       : " + (nativeStatus.cudaCompiled()
                    ? "compiled in (kernels for " + nativeStatus.cudaArchitectures() + ")" : "NOT compiled in"));
        } else {
            out.println("native lib : not loaded — " + nativeStatus.location());
            out.println("CUDA       : unknown (no native library)");
        }
        out.println("device     : " + (nativeStatus.device().available() ? nativeStatus.device().reason()
                : "none — " + nativeStatus.device().reason()));
        return decision != null ? 0 : 1;
    }

    private static java.util.List<Backends.Probed> probeAll() {
        return Backends.decide("auto").probes(); // the CPU backend is always available, so auto never fails
    }
}
