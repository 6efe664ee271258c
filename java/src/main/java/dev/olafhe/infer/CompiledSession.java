package dev.olafhe.infer;

import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingParametersLiteral;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.nn.Network;

import java.util.Locale;

/**
 * A model compiled with its activation polynomials into an {@link HeProgram}, with the CKKS parameters it runs on
 * and bootstrapping's (null without bootstrapping): what client and server both derive from an
 * {@link InferenceSession}.
 *
 * @param planDescription where the polynomials came from (a plan file, a uniform degree, ...), for reports
 */
public record CompiledSession(Network network, LayerPolynomials polynomials, HeProgram program,
                              CkksParameters params, BootstrappingParameters bootstrapping, String planDescription) {

    /**
     * Compiles {@code net} with activation polynomials {@code polys}: with a bootstrapping preset
     * ({@link BootstrappingPresets#byName}), at the level it leaves; otherwise on a chain of exactly the levels the
     * program needs (ring degree logN, primes of logScale bits). Parameters below 128-bit security, a test-only preset
     * included, are refused unless {@code insecure} ({@link SecurityPolicy}).
     */
    public static CompiledSession compile(Network net, LayerPolynomials polys, String description,
                                          String bootstrappingPreset, int logN, int logScale, boolean insecure) {
        return compile(net, polys, description, bootstrappingPreset, logN, logScale, insecure, new LimbCostModel());
    }

    /**
     * As above, with the bootstraps placed at least cost under {@code costs} (the analytic {@link LimbCostModel}, or
     * {@link MeasuredLevelCosts} of this machine).
     */
    public static CompiledSession compile(Network net, LayerPolynomials polys, String description,
                                          String bootstrappingPreset, int logN, int logScale, boolean insecure,
                                          LevelCostModel costs) {
        BootstrappingParametersLiteral bootLiteral = BootstrappingPresets.byName(bootstrappingPreset).orElse(null);
        if (bootLiteral != null) {
            SecurityPolicy.requireParameters(bootLiteral.testOnly(), "--bootstrapping " + bootstrappingPreset, insecure);
            // the client encrypts at the level bootstrapping leaves: the levels above belong to bootstrapping
            BootstrappingParameters boot = BootstrappingParameters.of(bootLiteral);
            int level = boot.levelsAfterBootstrapping();
            HeProgram program = HeProgram.compile(net, polys, CkksPolynomialEvaluation::levels, level, level, false,
                    BootstrapPlacement.Strategy.MIN_COST, costs);
            return new CompiledSession(net, polys, program, boot.ckks(), boot, description + ", bootstrapping "
                    + bootstrappingPreset);
        }
        int levels = HeProgram.requiredLevels(net, polys, CkksPolynomialEvaluation::levels);
        CkksParameters params = CkksParameters.of(InferenceParameters.forLevels(logN, levels, logScale, insecure));
        HeProgram program = HeProgram.compile(net, polys, CkksPolynomialEvaluation::levels, levels, -1, false,
                BootstrapPlacement.Strategy.MIN_COST, costs);
        return new CompiledSession(net, polys, program, params, null, description);
    }

    /** The bootstrapper for the program's slot count (DFT factors compact when {@code compactDft}), or null. */
    public Bootstrapper bootstrapper(CkksContext context, boolean compactDft) {
        return bootstrapping == null ? null : new Bootstrapper(context, new Encoder(context), bootstrapping,
                Integer.numberOfTrailingZeros(program.slots()), compactDft);
    }

    /** Key memory before generating anything (see {@link KeyEstimate}). */
    public KeyEstimate keyEstimate() {
        return KeyEstimate.of(this);
    }

    /** One line: model, polynomials, slots, levels, bootstraps, rotation keys. */
    public String summary() {
        return String.format(Locale.ROOT, "%s with %s: %d slots, %d levels, %d bootstraps, %d rotation keys",
                network.name(), planDescription, program.slots(), program.inputLevel(), program.bootstrapCount(),
                program.rotationSteps().length);
    }
}
