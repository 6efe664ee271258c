package dev.olafhe.cli;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.BackendCrossCheck;
import dev.olafhe.backend.Backends;
import dev.olafhe.backend.cuda.NativeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ola doctor}: which backend OLA-FHE would use here and why (every provider's probe), the native
 * kernel library (version, CUDA compiled in, architectures) and the GPU, or the reason there is none.
 * With {@code --check}, every primitive also runs on the chosen backend and on the CPU reference and the
 * results are compared bit for bit (the way to verify a GPU where the Maven test suite cannot run), with the
 * candidate's wall time and, when it has a device clock (CUDA events), the device time of each primitive alone.
 * Exit code 1 when the requested backend cannot be used or a check fails, else 0.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show the backend decision with each provider's reason, the native library and the GPU.")
public final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--check", description = "run every backend primitive on the chosen backend and on the CPU "
            + "reference (logN ${DEFAULT-VALUE} via --check-logn) and compare the results bit for bit")
    boolean check;

    @Option(names = "--check-logn", description = "ring degree of --check (default: ${DEFAULT-VALUE})", defaultValue = "12")
    int checkLogN;

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
        if (decision == null) {
            return 1;
        }
        return check ? crossCheck(out, decision) : 0;
    }

    private int crossCheck(PrintStream out, Backends.Decision decision) {
        if (decision.chosen().name().equals("cpu")) {
            out.println("check      : the chosen backend is the CPU reference itself; nothing to compare");
            return 0;
        }
        out.println("check      : " + decision.chosen().name() + " vs cpu, logN " + checkLogN
                + " (candidate wall time includes uploads and downloads; not a benchmark)");
        int failures = 0;
        try (Backend reference = Backends.decide("cpu").chosen().create(); Backend candidate = decision.chosen().create()) {
            List<BackendCrossCheck.Result> results = new BackendCrossCheck(reference, candidate, checkLogN, 1).run();
            if (results.stream().anyMatch(r -> r.candidateDeviceMillis().isPresent())) {
                out.println("             device time: the primitive alone (upload/download: the transfers), "
                        + "between events on the backend's stream");
            }
            for (BackendCrossCheck.Result r : results) {
                out.println(checkLine(r));
                failures += r.match() ? 0 : 1;
            }
        }
        out.println("check      : " + (failures == 0 ? "all primitives bit-identical" : failures + " primitive(s) differ"));
        return failures == 0 ? 0 : 1;
    }

    /** One primitive's line of {@code --check}: name, verdict, wall time, device time when measured, detail. */
    static String checkLine(BackendCrossCheck.Result r) {
        String device = r.candidateDeviceMillis().isPresent()
                ? String.format(Locale.ROOT, "  device %9.3f ms", r.candidateDeviceMillis().getAsDouble()) : "";
        return String.format(Locale.ROOT, "  %-24s %-8s %9.2f ms%s  %s", r.operation(), r.match() ? "MATCH" : "MISMATCH",
                r.candidateMillis(), device, r.detail());
    }

    private static List<Backends.Probed> probeAll() {
        return Backends.decide("auto").probes(); // the CPU backend is always available, so auto never fails
    }
}
