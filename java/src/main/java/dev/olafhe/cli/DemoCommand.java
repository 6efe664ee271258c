package dev.olafhe.cli;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.DemoCircuit;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.SecurityPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code ola demo}: encrypts two vectors, evaluates out[j] = x[j+1]·y[j+1] + p(x[j]) with a quadratic p
 * ({@link DemoCircuit}), decrypts, and reports the backend, the parameters, the precision against float64 and the
 * time per step.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Encrypt, compute x·y + rotation + a quadratic polynomial under CKKS, decrypt; report backend, "
                + "parameters, precision and time per step.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--logn", description = "log2 of the ring degree: 13-16 are 128-bit secure presets, "
            + "10-12 are INSECURE test-only presets that need --insecure (default: ${DEFAULT-VALUE})",
            defaultValue = "15")
    int logN;

    @Option(names = SecurityPolicy.INSECURE_FLAG, description = ChainOptions.INSECURE_HELP)
    boolean insecure;

    @Mixin
    BackendOption backend;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        run(System.out);
        return 0;
    }

    /** Runs the demo, printing to {@code out}; returns the precision achieved. */
    PrecisionStats run(PrintStream out) {
        CkksParametersLiteral preset = DemoCircuit.preset(logN);
        SecurityPolicy.requireParameters(preset.testOnly(), "--logn " + logN, insecure);
        SecurityPolicy.requireRandomness(seed.deterministic(), insecure);
        Backends.Decision decision = backend.decide();
        out.println("OLA-FHE demo: out[j] = x[j+1]·y[j+1] + (" + DemoCircuit.C2 + "·x[j]² " + DemoCircuit.C1
                + "·x[j] + " + DemoCircuit.C0 + ")");
        CkksParameters params = CkksParameters.of(preset);
        StepPrinter steps = new StepPrinter(out);
        try (Backend chosen = decision.chosen().create()) {
            out.println("backend    : " + chosen.name() + " — " + decision.why());
            out.println("             " + chosen.description());
            out.println("parameters : " + SecurityPolicy.describe(params, seed.deterministic()));
            out.println("randomness : " + seed.describe());
            out.println("steps (" + params.maxSlots() + " slots):");
            long t0 = System.nanoTime();
            try (CkksContext context = new CkksContext(params, chosen)) {
                steps.step("context (ring tables on the backend)", System.nanoTime() - t0);
                Random data = new Random(seed.seed == null ? System.nanoTime() : seed.seed);
                DemoCircuit.Result r = DemoCircuit.run(context, seed.random(0), seed.random(1), data, steps);
                out.printf(Locale.ROOT, "result     : level %d, scale 2^%.3f; e.g. slot 0 = %.8f (float64 %.8f)%n",
                        r.level(), r.log2Scale(), r.slot0(), r.expectedSlot0());
                PrecisionStats stats = r.precision();
                out.printf(Locale.ROOT, "precision  : mean %.1f bits, min %.1f bits (real part; imaginary mean %.1f) "
                        + "vs float64 over %d slots%n", stats.real().mean(), stats.real().min(), stats.imag().mean(),
                        r.slots());
                out.printf(Locale.ROOT, "total      : %.2f s%n", steps.totalNanos / 1e9);
                return stats;
            }
        }
    }

    /** Prints one line per step and adds up the time. */
    private static final class StepPrinter implements DemoCircuit.Steps {
        private final PrintStream out;
        private long totalNanos;

        StepPrinter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void step(String what, long nanos) {
            totalNanos += nanos;
            out.printf(Locale.ROOT, "  %-46s %9.1f ms%n", what, nanos / 1e6);
        }
    }
}
