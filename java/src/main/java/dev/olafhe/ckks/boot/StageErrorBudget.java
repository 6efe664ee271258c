package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.poly.PolynomialEvaluator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Where bootstrapping loses its precision (a diagnostic: it needs the secret key). Runs the stages of
 * {@link Bootstrapper#bootstrap} one at a time, decrypts after each, and compares with the float64 image of the same
 * stage applied to the decrypted input of that stage. Each stage's error is carried to the output through the later
 * stages in float64, so all stage errors are in the units of the output slots and add up, slot by slot, to the
 * end-to-end error:
 * <pre>
 *   out − z = [S(g(y*)) − z] + [S(g(y)) − S(g(y*))] + [S(f(y)) − S(g(y))] + [S(r) − S(f(y))] + [out − S(r)]
 *             ModRaise         CoeffToSlot            EvalMod approximation  EvalMod evaluation  SlotToCoeff
 * </pre>
 * with y the decrypted CoeffToSlot output, y* = CoeffToSlot(decrypted ModRaise output mod q_0) in float64 (so
 * g(y*) = K·y*, known without rounding error from the q_0·I part), g the exact
 * reduction K·y − round(K·y) (what EvalMod should compute), f EvalMod's target function ((1/2π)·sin(2πKy), or its
 * arcsin-corrected form), r the decrypted EvalMod output and S SlotToCoeff in float64 times the output's scale
 * ratio. Imaginary residues of the real-valued EvalMod inputs are carried with the slope of g (resp. f). The
 * ModRaise line holds the input's own noise, the encapsulation key switches and the trace. EvalMod's steps (the
 * cosine, each double angle) are reported in their own units against
 * {@link EvalMod#stepReference}.
 */
public final class StageErrorBudget {
    /** One stage: its error as output-slot precision. */
    public record Line(String stage, PrecisionStats stats) {
    }

    /**
     * @param stages   ModRaise, CoeffToSlot, EvalMod approximation, EvalMod evaluation, SlotToCoeff (output units)
     * @param evalModSteps cosine (step 0) and each double angle, in their own units (|value| ≤ 1)
     * @param endToEnd the bootstrapped output against the message
     */
    public record Report(List<Line> stages, List<Line> evalModSteps, PrecisionStats endToEnd) {
        /** One line per stage: log2 mean and worst-slot precision. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            for (Line l : stages) {
                sb.append(line(l.stage(), l.stats()));
            }
            for (Line l : evalModSteps) {
                sb.append(line("  " + l.stage(), l.stats()));
            }
            sb.append(line("end to end", endToEnd));
            return sb.toString();
        }

        private static String line(String name, PrecisionStats s) {
            return String.format(Locale.ROOT, "%-40s mean %6.2f bits  worst %6.2f bits%n", name, s.meanBits(),
                    s.minBits());
        }
    }

    private final Bootstrapper bootstrapper;
    private final Encoder encoder;
    private final Decryptor decryptor;
    private final EvalMod evalMod;
    private final int k;

    public StageErrorBudget(Bootstrapper bootstrapper, Encoder encoder, Decryptor decryptor) {
        this.bootstrapper = bootstrapper;
        this.encoder = encoder;
        this.decryptor = decryptor;
        this.evalMod = bootstrapper.parameters().evalMod();
        this.k = bootstrapper.parameters().literal().k();
    }

    /** Bootstraps {@code ct} (complex output), which encrypts {@code z}, stage by stage. */
    public Report measure(Evaluator evaluator, BootstrappingKeys keys, Ciphertext ct, ComplexVector z) {
        Evaluator ev = evaluator.withKeys(keys.evaluationKeys());
        BigDecimal target = bootstrapper.evalModTarget(ct.scale());
        double outRatio = target.divide(bootstrapper.parameters().ckks().defaultScale(), Evaluator.SCALE_CONTEXT)
                .doubleValue();
        int slots = 1 << ct.logSlots();
        List<ComplexVector> yStar;
        List<ComplexVector> y = new ArrayList<>();
        List<ComplexVector> r = new ArrayList<>();
        List<List<ComplexVector>> steps = new ArrayList<>();
        ComplexVector out;
        try (Ciphertext raised = bootstrapper.modRaise(ev, keys, ct)) {
            // the reference from t mod q_0 = Δ·m + e (level 0 of the raised ciphertext): decoding t itself, whose
            // q_0·I part is ~2^13 times the message, would cost the float64 reference more than the noise it measures
            try (Ciphertext low = ev.dropLevelNew(raised, raised.level())) {
                yStar = coeffsToSlots(decode(low));
            }
            List<Ciphertext> parts = bootstrapper.coeffsToSlots(ev, raised);
            List<Ciphertext> reduced = new ArrayList<>();
            try {
                PolynomialEvaluator polys = new PolynomialEvaluator(ev);
                for (Ciphertext p : parts) {
                    y.add(decode(p));
                    List<ComplexVector> partSteps = new ArrayList<>();
                    reduced.add(evalMod.evaluate(ev, polys, p, target, (c, step) -> partSteps.add(decode(c))));
                    steps.add(partSteps);
                    r.add(decode(reduced.get(reduced.size() - 1)));
                }
                try (Ciphertext o = bootstrapper.slotsToCoeffs(ev, reduced, false, ct.logSlots())) {
                    o.setScale(bootstrapper.parameters().ckks().defaultScale());
                    out = decode(o);
                }
            } finally {
                parts.forEach(Ciphertext::close);
                reduced.forEach(Ciphertext::close);
            }
        }
        DoubleUnaryOperator g = v -> k * v - Math.rint(k * v);
        DoubleUnaryOperator f = evalMod::reference;
        ComplexVector gStar = slotsToCoeffs(map(yStar, v -> k * v), outRatio); // K·y* − I: |K·y*| < 1/2 here
        ComplexVector gy = slotsToCoeffs(map(y, g), outRatio);
        ComplexVector fy = slotsToCoeffs(map(y, f), outRatio);
        ComplexVector sr = slotsToCoeffs(r, outRatio);
        List<Line> lines = List.of(
                new Line("ModRaise (input noise, key switches, trace)", stats(z, gStar, slots)),
                new Line("CoeffToSlot", stats(gStar, gy, slots)),
                new Line("EvalMod approximation (target vs exact)", stats(gy, fy, slots)),
                new Line("EvalMod evaluation (homomorphic)", stats(fy, sr, slots)),
                new Line("SlotToCoeff", stats(sr, out, slots)));
        return new Report(lines, stepLines(y, steps), stats(z, out, slots));
    }

    private List<Line> stepLines(List<ComplexVector> y, List<List<ComplexVector>> steps) {
        List<Line> lines = new ArrayList<>();
        for (int step = 0; step <= evalMod.doubleAngles(); step++) {
            int s = step;
            List<ComplexVector> want = map(y, v -> evalMod.stepReference(s, v));
            List<ComplexVector> have = new ArrayList<>();
            for (List<ComplexVector> partSteps : steps) {
                have.add(partSteps.get(step));
            }
            ComplexVector w = concat(want);
            ComplexVector h = concat(have);
            String name = step == 0 ? "EvalMod step 0: cosine polynomial" : "EvalMod step " + step + ": double angle";
            lines.add(new Line(name, stats(w, h, w.length())));
        }
        return lines;
    }

    private static PrecisionStats stats(ComplexVector want, ComplexVector have, int slots) {
        return PrecisionStats.compute(want, have, slots, PrecisionStats.DEFAULT_CAP_BITS);
    }

    private ComplexVector decode(Ciphertext c) {
        try (Plaintext pt = decryptor.decryptNew(c)) {
            return encoder.decode(pt);
        }
    }

    /**
     * h(Re v) slot-wise, the imaginary residue carried with the slope h'(Re v) (central difference); the
     * reference of a real-valued stage applied to a decrypted vector that is real only up to noise.
     */
    private static List<ComplexVector> map(List<ComplexVector> vs, DoubleUnaryOperator h) {
        List<ComplexVector> out = new ArrayList<>();
        double step = 1e-6;
        for (ComplexVector v : vs) {
            double[] re = new double[v.length()];
            double[] im = new double[v.length()];
            for (int j = 0; j < re.length; j++) {
                double x = v.re()[j];
                re[j] = h.applyAsDouble(x);
                double slope = (h.applyAsDouble(x + step) - h.applyAsDouble(x - step)) / (2 * step);
                im[j] = Math.abs(slope) > 4 * Math.PI * 1e3 ? 0 : slope * v.im()[j]; // no slope across g's jump
            }
            out.add(new ComplexVector(re, im));
        }
        return out;
    }

    /** CoeffToSlot in float64, then the conjugate sums of {@link Bootstrapper#coeffsToSlots}. */
    private List<ComplexVector> coeffsToSlots(ComplexVector u) {
        ComplexVector w = u;
        for (DiagonalMatrix m : bootstrapper.coeffsToSlotsFactors()) {
            w = m.apply(w);
        }
        int n = w.length();
        double[] re = new double[n];
        double[] im = new double[n];
        for (int j = 0; j < n; j++) {
            re[j] = 2 * w.re()[j];
            im[j] = 2 * w.im()[j];
        }
        if (bootstrapper.sparse()) {
            return List.of(ComplexVector.real(re));
        }
        return List.of(ComplexVector.real(re), ComplexVector.real(im));
    }

    /** SlotToCoeff in float64 (dense: Re + i·Im first), times the ratio of the EvalMod scale to the output's. */
    private ComplexVector slotsToCoeffs(List<ComplexVector> parts, double ratio) {
        ComplexVector u = parts.get(0);
        if (parts.size() == 2) {
            ComplexVector b = parts.get(1);
            double[] re = new double[u.length()];
            double[] im = new double[u.length()];
            for (int j = 0; j < re.length; j++) {
                re[j] = u.re()[j] - b.im()[j];
                im[j] = u.im()[j] + b.re()[j];
            }
            u = new ComplexVector(re, im);
        }
        for (DiagonalMatrix m : bootstrapper.slotsToCoeffsFactors()) {
            u = m.apply(u);
        }
        double[] re = new double[u.length()];
        double[] im = new double[u.length()];
        for (int j = 0; j < re.length; j++) {
            re[j] = u.re()[j] * ratio;
            im[j] = u.im()[j] * ratio;
        }
        return new ComplexVector(re, im);
    }

    private static ComplexVector concat(List<ComplexVector> vs) {
        int n = vs.stream().mapToInt(ComplexVector::length).sum();
        double[] re = new double[n];
        double[] im = new double[n];
        int at = 0;
        for (ComplexVector v : vs) {
            System.arraycopy(v.re(), 0, re, at, v.length());
            System.arraycopy(v.im(), 0, im, at, v.length());
            at += v.length();
        }
        return new ComplexVector(re, im);
    }
}
