package dev.olafhe.ckks.boot;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.lintrans.GiantStepRotations;
import dev.olafhe.ckks.lintrans.LinearTransform;
import dev.olafhe.ckks.lintrans.LinearTransformEvaluator;
import dev.olafhe.ckks.poly.PolynomialEvaluator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * CKKS bootstrapping for n = 2^logSlots slots (ckks-notes §2.1):
 * <ol>
 *   <li>ScaleDown: drop to level 0 (the ratio q_0/Δ_in is the message ratio, checked);</li>
 *   <li>optional sparse-secret encapsulation: switch to the ephemeral key s' at level 0;</li>
 *   <li>ModRaise to the top level (then switch back to s); the plaintext is t = Δ_in·m + e + q_0·I;</li>
 *   <li>trace for n &lt; N/2: keeps the coefficients of Y = X^{N/2n} (times N/2n), log2(N/2n) rotations;</li>
 *   <li>CoeffToSlot: level-collapsed inverse DFT scaled so that the slots hold y = t/(K·q_0), split into
 *       real and imaginary parts by a conjugation (one ciphertext when sparse, two when dense);</li>
 *   <li>EvalMod: ≈ [t]_{q_0}/q_0 = Δ_in·m/q_0 at scale T = 2^evalModLogQ·Δ/Δ_in (its full precision up to
 *       the last double angle: the message ratio q_0/Δ_in amplifies EvalMod's errors);</li>
 *   <li>SlotToCoeff: level-collapsed DFT times q_0/2^evalModLogQ; the content ends as m·Δ (label T, set
 *       to Δ, exactly the default scale); optionally + its conjugate (real output). Ending at a level below
 *       {@link BootstrappingParameters#levelsAfterBootstrapping} drops the EvalMod output first, so SlotToCoeff runs
 *       at fewer limbs (EvalMod aims off by the ratio of the primes it then rescales by, see
 *       {@link #slotsToCoeffsDrift}).</li>
 * </ol>
 * Built once per slot count (the DFT factors are encoded at construction); owns that memory.
 */
public final class Bootstrapper implements AutoCloseable {
    /** Smallest accepted log2(q_0/Δ_in): below it the sine is no longer a usable approximation of x. */
    static final double MIN_MESSAGE_RATIO_BITS = 4;
    /**
     * How far (in bits) the input scale may lie from the default scale Δ the chain was sized for. Below Δ the
     * message ratio amplifies EvalMod's error (1 bit per bit), and EvalMod's last stages run at scales above their
     * primes (T = 2^evalModLogQ·Δ/Δ_in), which loses precision much faster (logN 11 test chain: 1 bit at Δ/2, 6 at
     * Δ/8, nothing left at Δ/64); above Δ the sine's error grows (2 bits per bit without the arcsin correction).
     * One bit covers the drift of rescaling by primes near Δ with room to spare.
     */
    static final double MAX_SCALE_OFFSET_BITS = 1;
    /**
     * The DFT factors' giant steps are folded by Horner's rule: their rotation keys, generated at the top level for
     * CoeffToSlot, are most of the key memory, and their giant steps are contiguous, so this takes as many rotations
     * with two keys per factor (n16-h192, 2^15 slots: 26 rotation keys instead of 38).
     */
    static final GiantStepRotations DFT_GIANT_STEPS = GiantStepRotations.NESTED;

    private final CkksContext context;
    private final CkksParameters params;
    private final BootstrappingParameters bootParams;
    private final Backend backend;
    private final int logSlots;
    private final boolean sparse;
    private final List<LinearTransform> coeffsToSlots = new ArrayList<>();
    private final List<LinearTransform> slotsToCoeffs = new ArrayList<>();
    private final DevicePoly monomialI; // X^{N/2}: multiplies every slot by i
    private final BootstrappingKeyPlan keyPlan;

    public Bootstrapper(CkksContext context, Encoder encoder, BootstrappingParameters bootParams, int logSlots) {
        this(context, encoder, bootParams, logSlots, false);
    }

    /** @param compactDft {@link DftResidency#COMPACT} when true, else {@link DftResidency#RESIDENT} */
    public Bootstrapper(CkksContext context, Encoder encoder, BootstrappingParameters bootParams, int logSlots,
                        boolean compactDft) {
        this(context, encoder, bootParams, logSlots, DftResidency.of(compactDft));
    }

    /** @param dft which DFT factors stay encoded (memory) and which are encoded at every use (time) */
    public Bootstrapper(CkksContext context, Encoder encoder, BootstrappingParameters bootParams, int logSlots,
                        DftResidency dft) {
        this.context = context;
        this.params = context.params();
        this.bootParams = bootParams;
        this.backend = context.backend();
        if (!params.literal().equals(bootParams.ckks().literal())) {
            throw new IllegalArgumentException("the context was not built on these bootstrapping parameters");
        }
        if (logSlots < bootParams.coeffsToSlotsLevels() || logSlots < bootParams.slotsToCoeffsLevels()
                || logSlots > params.logMaxSlots()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "cannot bootstrap 2^%d slots: need log2(slots) in [%d, %d] for %d/%d DFT levels", logSlots,
                    Math.max(bootParams.coeffsToSlotsLevels(), bootParams.slotsToCoeffsLevels()), params.logMaxSlots(),
                    bootParams.coeffsToSlotsLevels(), bootParams.slotsToCoeffsLevels()));
        }
        this.logSlots = logSlots;
        this.sparse = logSlots < params.logMaxSlots();
        int dimLog = sparse ? logSlots + 1 : logSlots;
        int top = params.maxLevel();
        // y = t/(K·q_0) from slots labelled 2^evalModLogQ: constant 2^evalModLogQ/(N·K·q_0) (see class doc)
        encode(encoder, coeffsToSlotsFactors(), dimLog, top, dft.compactCoeffsToSlots(), coeffsToSlots);
        int stcTop = top - bootParams.coeffsToSlotsLevels() - bootParams.evalModDepth();
        encode(encoder, slotsToCoeffsFactors(), dimLog, stcTop, dft.compactSlotsToCoeffs(), slotsToCoeffs);
        keyPlan = BootstrappingKeyPlan.of(bootParams, logSlots);
        SortedSet<Integer> used = new TreeSet<>();
        for (List<LinearTransform> list : List.of(coeffsToSlots, slotsToCoeffs)) {
            list.forEach(t -> used.addAll(t.rotationSteps()));
        }
        if (!keyPlan.rotationLevels().keySet().containsAll(used)) {
            throw new IllegalStateException("key plan misses rotations of the encoded DFT: " + used);
        }
        monomialI = context.allocateQ(top);
        long[][] limbs = new long[top + 1][params.n()];
        for (long[] limb : limbs) {
            limb[params.n() / 2] = 1;
        }
        backend.upload(limbs, monomialI);
        backend.ntt(monomialI, monomialI);
    }

    /** The CoeffToSlot factors in float64, first applied first: y = t/(K·q_0) from slots labelled 2^evalModLogQ. */
    List<DiagonalMatrix> coeffsToSlotsFactors() {
        // constant 2^evalModLogQ/(N·K·q_0) (see class doc)
        double ctsScale = Math.pow(2, bootParams.literal().evalModLogQ())
                / (params.n() * (double) bootParams.literal().k() * params.q(0));
        return HomomorphicDft.coeffsToSlots(1 << logSlots, sparse, bootParams.coeffsToSlotsLevels(), ctsScale);
    }

    /** The SlotToCoeff factors in float64, first applied first. */
    List<DiagonalMatrix> slotsToCoeffsFactors() {
        // EvalMod ends at scale 2^evalModLogQ (its precision); SlotToCoeff shrinks its values by
        // Δ·q_0/(Δ·2^evalModLogQ) so that the content is m·Δ at the end (see bootstrap)
        double stcScale = params.q(0) / Math.pow(2, bootParams.literal().evalModLogQ());
        return HomomorphicDft.slotsToCoeffs(1 << logSlots, sparse, bootParams.slotsToCoeffsLevels(), stcScale);
    }

    /**
     * SlotToCoeff's operations per limb for 2^logSlots slots on {@code bp}: its factors' diagonals plus rotations (as
     * the encoded transforms count them), computed without encoding. Ending a bootstrap one level lower saves about this
     * many limb-operations (SlotToCoeff runs at one limb fewer).
     */
    public static int slotsToCoeffsOperations(BootstrappingParameters bp, int logSlots) {
        return java.util.Arrays.stream(slotsToCoeffsFactorOperations(bp, logSlots)).sum();
    }

    /**
     * {@link #slotsToCoeffsOperations} factor by factor, first applied first (factor i runs at the SlotToCoeff start
     * level less i, with that many limbs plus one).
     */
    public static int[] slotsToCoeffsFactorOperations(BootstrappingParameters bp, int logSlots) {
        boolean sparse = logSlots < bp.ckks().logMaxSlots();
        int n = 1 << (sparse ? logSlots + 1 : logSlots);
        List<DiagonalMatrix> factors = HomomorphicDft.slotsToCoeffs(1 << logSlots, sparse, bp.slotsToCoeffsLevels(), 1);
        int[] ops = new int[factors.size()];
        for (int k = 0; k < ops.length; k++) {
            SortedSet<Integer> indices = new TreeSet<>();
            factors.get(k).diagonals().keySet().forEach(i -> indices.add(Math.floorMod(i, n)));
            ops[k] = indices.size() + LinearTransform.rotations(indices, n,
                    LinearTransform.bestBabySize(indices, n, DFT_GIANT_STEPS), DFT_GIANT_STEPS);
        }
        return ops;
    }

    /** SlotToCoeff's encoded diagonals plus rotations (tests check {@link #slotsToCoeffsOperations} against it). */
    int slotsToCoeffsEncodedOperations() {
        return slotsToCoeffs.stream().mapToInt(t -> t.diagonalCount() + t.rotationCount()).sum();
    }

    boolean sparse() {
        return sparse;
    }

    private void encode(Encoder encoder, List<DiagonalMatrix> factors, int dimLog, int firstLevel, boolean compact,
                        List<LinearTransform> out) {
        int level = firstLevel;
        for (DiagonalMatrix f : factors) {
            out.add(LinearTransform.encode(encoder, params, f.diagonals(), dimLog, level,
                    new BigDecimal(params.q(level)), compact, DFT_GIANT_STEPS));
            level--;
        }
    }

    /** Bytes of the encoded DFT factors (CoeffToSlot and SlotToCoeff) this bootstrapper holds. */
    public long dftBytesInMemory() {
        long bytes = 0;
        for (LinearTransform t : coeffsToSlots) {
            bytes += t.bytesInMemory();
        }
        for (LinearTransform t : slotsToCoeffs) {
            bytes += t.bytesInMemory();
        }
        return bytes;
    }

    /** Encoded diagonals of the CoeffToSlot factors and of the SlotToCoeff factors (tests check plans against it). */
    int[] dftDiagonalCounts() {
        return new int[] {coeffsToSlots.stream().mapToInt(LinearTransform::diagonalCount).sum(),
                slotsToCoeffs.stream().mapToInt(LinearTransform::diagonalCount).sum()};
    }

    public BootstrappingParameters parameters() {
        return bootParams;
    }

    public int logSlots() {
        return logSlots;
    }

    /** The keys this bootstrapper needs and the levels they are used at. */
    public BootstrappingKeyPlan keyPlan() {
        return keyPlan;
    }

    /** Rotation steps the keys must cover: the trace and every DFT factor (conjugation is separate). */
    public int[] rotationSteps() {
        return keyPlan.rotationLevels().keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Bootstraps a degree-1 ciphertext: output at level {@link BootstrappingParameters#levelsAfterBootstrapping},
     * default scale, the input's slot count.
     *
     * @throws IllegalArgumentException before any work, for an input this bootstrapper cannot serve (degree, more slots
     *                                  than it was built for, a level outside its chain, a scale outside
     *                                  {@link #acceptedLog2Scales}) or keys that lack what it needs
     */
    public Ciphertext bootstrap(Evaluator evaluator, BootstrappingKeys keys, Ciphertext ct) {
        return bootstrap(evaluator, keys, ct, bootParams.levelsAfterBootstrapping(), false,
                BootstrapStageListener.NONE);
    }

    /**
     * Bootstraps a degree-1 ciphertext to {@code endLevel}: SlotToCoeff runs {@code levelsAfterBootstrapping() −
     * endLevel} levels lower than in {@link #bootstrap(Evaluator, BootstrappingKeys, Ciphertext)} (fewer limbs, so
     * cheaper) and the output is at {@code endLevel}, default scale, the input's slot count.
     *
     * @throws IllegalArgumentException before any work, for an end level outside [0, levelsAfterBootstrapping()] or
     *                                  an input or keys the bootstrapper cannot serve (see the method above)
     */
    public Ciphertext bootstrap(Evaluator evaluator, BootstrappingKeys keys, Ciphertext ct, int endLevel) {
        return bootstrap(evaluator, keys, ct, endLevel, false, BootstrapStageListener.NONE);
    }

    /** {@link #bootstrap(Evaluator, BootstrappingKeys, Ciphertext, int)} telling {@code listener} each stage's time. */
    public Ciphertext bootstrap(Evaluator evaluator, BootstrappingKeys keys, Ciphertext ct, int endLevel,
                                BootstrapStageListener listener) {
        return bootstrap(evaluator, keys, ct, endLevel, false, listener);
    }

    /** Bootstrapping whose output is real: the imaginary part (and its noise) is removed (one conjugation). */
    public Ciphertext bootstrapReal(Evaluator evaluator, BootstrappingKeys keys, Ciphertext ct) {
        return bootstrap(evaluator, keys, ct, bootParams.levelsAfterBootstrapping(), true,
                BootstrapStageListener.NONE);
    }

    /** Real-output bootstrapping to {@code endLevel} (see {@link #bootstrap(Evaluator, BootstrappingKeys, Ciphertext, int)}). */
    public Ciphertext bootstrapReal(Evaluator evaluator, BootstrappingKeys keys, Ciphertext ct, int endLevel) {
        return bootstrap(evaluator, keys, ct, endLevel, true, BootstrapStageListener.NONE);
    }

    private Ciphertext bootstrap(Evaluator evaluator, BootstrappingKeys keys, Ciphertext ct, int endLevel,
                                 boolean real, BootstrapStageListener listener) {
        requireEndLevel(endLevel);
        requireServable(ct);
        keyPlan.requireCoveredBy(keys);
        BigDecimal inputScale = ct.scale();
        Evaluator ev = evaluator.withKeys(keys.evaluationKeys());
        int stcStart = endLevel + bootParams.slotsToCoeffsLevels();
        long t = System.nanoTime();
        try (Ciphertext raised = modRaise(ev, keys, ct)) {
            t = stageEnded(listener, "ModRaise", t);
            List<Ciphertext> parts = coeffsToSlots(ev, raised);
            t = stageEnded(listener, "CoeffToSlot", t);
            List<Ciphertext> reduced = new ArrayList<>();
            try {
                // EvalMod returns w = m·Δ_in/q_0 at T = 2^evalModLogQ·Δ/Δ_in (2^evalModLogQ for inputs at the default
                // scale Δ); SlotToCoeff multiplies by q_0/2^evalModLogQ, so the content ends as m·Δ with label T
                BigDecimal target = evalModTarget(inputScale);
                PolynomialEvaluator polys = new PolynomialEvaluator(ev);
                // real output: u + conj(u) = 2·Re(u) with the label doubled, so EvalMod aims at T/2; a SlotToCoeff
                // below its encoded levels rescales by other primes than its diagonals' scales: EvalMod aims off by
                // their ratio so that the output still lands on T exactly
                BigDecimal evalModTarget = target.multiply(slotsToCoeffsDrift(stcStart), Evaluator.SCALE_CONTEXT);
                if (real) {
                    evalModTarget = evalModTarget.divide(BigDecimal.valueOf(2), Evaluator.SCALE_CONTEXT);
                }
                for (Ciphertext p : parts) {
                    reduced.add(bootParams.evalMod().evaluate(ev, polys, p, evalModTarget));
                }
                t = stageEnded(listener, "EvalMod", t);
                Ciphertext out = slotsToCoeffs(ev, reduced, real, ct.logSlots(), stcStart);
                stageEnded(listener, "SlotToCoeff", t);
                if (!Evaluator.sameScale(out.scale(), target)) {
                    out.close();
                    throw new IllegalStateException("bootstrapping: the output scale drifted from the EvalMod target");
                }
                out.setScale(params.defaultScale()); // content m·Δ: label Δ
                return out;
            } finally {
                parts.forEach(Ciphertext::close);
                reduced.forEach(Ciphertext::close);
            }
        }
    }

    /** Tells the listener the stage that started at {@code since} has ended; the time it ended (or 0 for NONE). */
    private long stageEnded(BootstrapStageListener listener, String stage, long since) {
        if (listener == BootstrapStageListener.NONE) {
            return 0;
        }
        backend.synchronize();
        long now = System.nanoTime();
        listener.stageEnded(stage, now - since);
        return now;
    }

    private void requireEndLevel(int endLevel) {
        int top = bootParams.levelsAfterBootstrapping();
        if (endLevel < 0 || endLevel > top) {
            throw new IllegalArgumentException("cannot bootstrap to level " + endLevel + ": bootstrapping ends at a level"
                    + " in [0, " + top + "] (levelsAfterBootstrapping)");
        }
    }

    /**
     * Π q_{encoded level}/q_{run level} over SlotToCoeff's factors when it starts at {@code stcStart} instead of at the
     * level its diagonals were encoded for (each factor's diagonals have scale q_{encoded}, the rescale divides by
     * q_{run}): 1 at the top end level, within a hair of 1 where both primes have the same size.
     */
    BigDecimal slotsToCoeffsDrift(int stcStart) {
        BigDecimal drift = BigDecimal.ONE;
        for (int i = 0; i < slotsToCoeffs.size(); i++) {
            drift = drift.multiply(new BigDecimal(params.q(stcStart - i)), Evaluator.SCALE_CONTEXT)
                    .divide(new BigDecimal(params.q(slotsToCoeffs.get(i).level())), Evaluator.SCALE_CONTEXT);
        }
        return drift;
    }

    /**
     * Refuses, before any work, a ciphertext this bootstrapper cannot serve: degree other than 1, more slots than
     * it was built for, a level outside its chain, or a scale outside {@link #acceptedLog2Scales}. (Fewer slots
     * are fine: their 2^logSlots view is periodic, and the output keeps the input's slot count.) Any level of the
     * chain is servable: ScaleDown drops to level 0, which keeps the content once the scale is checked.
     */
    private void requireServable(Ciphertext ct) {
        if (ct.degree() != 1) {
            throw new IllegalArgumentException("cannot bootstrap a degree-" + ct.degree()
                    + " ciphertext: the bootstrapper takes degree 1; relinearize it first");
        }
        if (ct.logSlots() > logSlots) {
            throw new IllegalArgumentException("cannot bootstrap a ciphertext of 2^" + ct.logSlots()
                    + " slots: this bootstrapper handles at most 2^" + logSlots + "; build one for 2^" + ct.logSlots());
        }
        if (ct.level() < 0 || ct.level() > params.maxLevel()) {
            throw new IllegalArgumentException("cannot bootstrap a ciphertext at level " + ct.level()
                    + ": this bootstrapper's chain has levels 0.." + params.maxLevel()
                    + "; the ciphertext was made under other parameters");
        }
        double[] range = acceptedLog2Scales();
        double log2Scale = ct.log2Scale();
        if (!(log2Scale >= range[0] && log2Scale <= range[1])) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "cannot bootstrap a ciphertext at scale 2^%.2f: this bootstrapper takes scales in [2^%.2f, 2^%.2f]; "
                            + "rescale or adjust the scale to 2^%d before bootstrapping", log2Scale, range[0],
                    range[1], params.logDefaultScale()));
        }
    }

    /**
     * The input scales (log2) this bootstrapper serves: within {@link #MAX_SCALE_OFFSET_BITS} of the default scale,
     * and leaving a message ratio q_0/Δ_in of at least 2^{@link #MIN_MESSAGE_RATIO_BITS}.
     */
    public double[] acceptedLog2Scales() {
        double logDefault = params.logDefaultScale();
        double logQ0 = Math.log(params.q(0)) / Math.log(2);
        return new double[] {logDefault - MAX_SCALE_OFFSET_BITS,
                Math.min(logDefault + MAX_SCALE_OFFSET_BITS, logQ0 - MIN_MESSAGE_RATIO_BITS)};
    }

    /**
     * ScaleDown, encapsulation, ModRaise, switch back and trace: the top-level ciphertext of t(X) (sparse:
     * only the coefficients of Y, times N/2n) labelled with scale 2^evalModLogQ.
     */
    Ciphertext modRaise(Evaluator ev, BootstrappingKeys keys, Ciphertext ct) {
        int top = params.maxLevel();
        Ciphertext low = ev.dropLevelNew(ct, ct.level());
        if (keys.encapsulation()) {
            ev.switchKeys(low, keys.denseToSparse(), low);
        }
        DevicePoly[] parts = new DevicePoly[2];
        try (low; DevicePoly coeff = context.allocateQ(0)) {
            for (int i = 0; i < 2; i++) {
                backend.intt(low.part(i), coeff);
                parts[i] = context.allocateQ(top);
                backend.modRaise(coeff, parts[i]);
                backend.ntt(parts[i], parts[i]);
            }
        }
        Ciphertext raised = Ciphertext.of(parts, top, evalModScale(), sparse ? logSlots + 1 : logSlots);
        if (keys.encapsulation()) {
            ev.switchKeys(raised, keys.sparseToDense(), raised);
        }
        for (int step = 1 << logSlots; step < params.maxSlots(); step *= 2) {
            try (Ciphertext rotated = ev.rotateNew(raised, step)) {
                ev.add(raised, rotated, raised);
            }
        }
        return raised;
    }

    /** The scale EvalMod lands on (complex output) for an input at {@code inputScale}: 2^evalModLogQ·Δ/Δ_in. */
    BigDecimal evalModTarget(BigDecimal inputScale) {
        return evalModScale().multiply(params.defaultScale(), Evaluator.SCALE_CONTEXT)
                .divide(inputScale, Evaluator.SCALE_CONTEXT);
    }

    private BigDecimal evalModScale() {
        return new BigDecimal(java.math.BigInteger.ONE.shiftLeft(bootParams.literal().evalModLogQ()));
    }

    /** CtS: one ciphertext [Re w | Im w] when sparse, two (Re w, Im w) when dense; slots y ∈ [−1, 1]. */
    List<Ciphertext> coeffsToSlots(Evaluator ev, Ciphertext raised) {
        LinearTransformEvaluator lt = new LinearTransformEvaluator(ev);
        Ciphertext x = lt.evaluate(raised, coeffsToSlots.get(0));
        for (int i = 1; i < coeffsToSlots.size(); i++) {
            Ciphertext next = lt.evaluate(x, coeffsToSlots.get(i));
            x.close();
            x = next;
        }
        Ciphertext w = x;
        try (w; Ciphertext conj = ev.conjugateNew(w)) {
            Ciphertext re = ev.addNew(w, conj);
            if (sparse) {
                return List.of(re);
            }
            try (Ciphertext diff = ev.subNew(conj, w)) { // −i(w − conj w) = i(conj w − w)
                return List.of(re, multiplyByI(diff));
            }
        }
    }

    /**
     * SlotToCoeff of the EvalMod output(s); dense: Re + i·Im first. Real output adds the conjugate and
     * doubles the scale label (exact: (u + conj u)/2 = Re u), which keeps the scale of the output. The result is
     * labelled with {@code outLogSlots}, the input's slot count (at most this bootstrapper's).
     */
    Ciphertext slotsToCoeffs(Evaluator ev, List<Ciphertext> parts, boolean real, int outLogSlots) {
        return slotsToCoeffs(ev, parts, real, outLogSlots, parts.get(0).level());
    }

    /** As above, with the EvalMod output(s) dropped to {@code start} first (SlotToCoeff then ends at start − depth). */
    Ciphertext slotsToCoeffs(Evaluator ev, List<Ciphertext> parts, boolean real, int outLogSlots, int start) {
        List<LinearTransform> factors = slotsToCoeffs;
        LinearTransformEvaluator lt = new LinearTransformEvaluator(ev);
        Ciphertext u;
        Ciphertext re = parts.get(0);
        if (sparse) {
            u = ev.dropLevelNew(re, re.level() - start);
        } else if (re.level() == start) {
            try (Ciphertext im = multiplyByI(parts.get(1))) {
                u = ev.addNew(re, im);
            }
        } else { // drop first: the monomial product and the sum run at the lower level too
            try (Ciphertext low = ev.dropLevelNew(parts.get(1), parts.get(1).level() - start);
                 Ciphertext im = multiplyByI(low);
                 Ciphertext reLow = ev.dropLevelNew(re, re.level() - start)) {
                u = ev.addNew(reLow, im);
            }
        }
        for (LinearTransform f : factors) {
            Ciphertext next = lt.evaluate(u, f);
            u.close();
            u = next;
        }
        BigDecimal scale = u.scale();
        if (real) {
            try (Ciphertext conj = ev.conjugateNew(u)) {
                ev.add(u, conj, u);
            }
            scale = scale.multiply(BigDecimal.valueOf(2));
        }
        // relabel to the caller's slot count (sparse: the 2n-slot view is n-periodic; fewer slots: periodic too)
        DevicePoly[] copies = {context.allocateQ(u.level()), context.allocateQ(u.level())};
        backend.copyParts(new DevicePoly[] {u.part(0), u.part(1)}, copies);
        Ciphertext out = Ciphertext.of(copies, u.level(), scale, outLogSlots);
        u.close();
        return out;
    }

    /** i·ct: multiplication by the monomial X^{N/2} (exact, no level, no noise). */
    private Ciphertext multiplyByI(Ciphertext ct) {
        DevicePoly[] parts = new DevicePoly[ct.degree() + 1];
        DevicePoly[] in = new DevicePoly[parts.length];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = context.allocateQ(ct.level());
            in[i] = ct.part(i);
        }
        backend.mulParts(in, monomialI, parts);
        return Ciphertext.of(parts, ct.level(), ct.scale(), ct.logSlots());
    }

    @Override
    public void close() {
        coeffsToSlots.forEach(LinearTransform::close);
        slotsToCoeffs.forEach(LinearTransform::close);
        monomialI.close();
    }
}
