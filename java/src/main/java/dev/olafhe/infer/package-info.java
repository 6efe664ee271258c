/**
 * Encrypted CNN inference driven by a per-layer polynomial plan.
 *
 * <h2>Pipeline</h2>
 * <ol>
 *   <li>{@link dev.olafhe.infer.HeProgram#compile}: the model IR and a {@link dev.olafhe.infer.LayerPolynomials}
 *       become steps. Chains of linear IR nodes (conv + folded BN, per-channel affine, pooling, flatten, FC,
 *       the slice + channel pad of an option-A shortcut) fuse into one {@link dev.olafhe.infer.AffineMap}, one
 *       level. Each activation's interval [a, b] is folded into the linear layer before it
 *       ({@link dev.olafhe.infer.ValueEncoding}), its output encoding into the polynomial's coefficients; residual
 *       additions split the encoding between their operands. An activation is one Chebyshev series or the
 *       composite minimax ReLU baseline ({@link dev.olafhe.infer.ActivationPolynomial}: sign stages on x/B, then
 *       one product with the input), folded into the {@link dev.olafhe.infer.UnitActivation} the runtime and
 *       the simulator evaluate.</li>
 *   <li>Slots: multiplexed packing ({@link dev.olafhe.infer.SlotLayout}); stride-2 layers double the gap, so
 *       strided convolutions cost as few diagonals as stride-1 ones. Linear maps compile to diagonals
 *       ({@link dev.olafhe.infer.SlotLinearTransform}) for the one linear-transform engine of ckks
 *       ({@link dev.olafhe.ckks.lintrans}: BSGS with double hoisting), encoded once per server
 *       ({@link dev.olafhe.infer.EncodedSlotTransform}); a global average pool is a rotate-and-add prefix.</li>
 *   <li>{@link dev.olafhe.infer.BootstrapPlacement}: activation inputs are bootstrapped when the polynomial
 *       plus the linear layers up to the next activation need more levels than are left; lower degrees share
 *       bootstraps. Levels by the drop-at-once rule: every value is kept at the level the rest of its segment (up
 *       to the next bootstrap or the output) needs, so each step runs as low as it can. Positions: least cost
 *       under a {@link dev.olafhe.infer.LevelCostModel} ({@link dev.olafhe.infer.LevelPlanner}, the default) or
 *       lazy (the baseline). Optional imaginary removal before bootstrapped activations.</li>
 *   <li>{@link dev.olafhe.infer.EncryptedInference} runs the program on the server (evaluation keys only);
 *       {@link dev.olafhe.infer.InferenceClient} generates the keys a program needs (each rotation key at the
 *       highest level it is used), encrypts and decrypts. {@link dev.olafhe.infer.SlotSimulator} runs the same
 *       steps in float64 for layer-by-layer comparisons.</li>
 * </ol>
 *
 * <h2>Sessions and entry points</h2>
 * An {@link dev.olafhe.infer.InferenceSession} is what client and server agree on (model, polynomials from a
 * {@link dev.olafhe.plan.Plan} via {@link dev.olafhe.infer.LayerPolynomials#fromPlan} or calibrated, CKKS chain or
 * bootstrapping preset); it compiles to a {@link dev.olafhe.infer.CompiledSession}. A
 * {@link dev.olafhe.infer.KeyFolder} holds a session with its parameters and keys and does what the client
 * (keygen, encrypt with the public key, decrypt with the secret key and the {@link dev.olafhe.infer.LogitsReadout})
 * and the server (infer) do with them; keygen writes it as a whole, and every command checks its files (the
 * bounded, validated session.json, the headers of its ciphertexts, where it writes) before compiling or loading
 * keys. What needs {@code --insecure} and what may be called secure is {@link dev.olafhe.ckks.SecurityPolicy}'s. {@link dev.olafhe.infer.EncryptedRun} runs client
 * and server in one process; {@link dev.olafhe.infer.EncryptedBenchmark} compares the plan with its baselines
 * encrypted and writes a {@link dev.olafhe.infer.BenchReport}. Entry points report through listeners and
 * {@link dev.olafhe.util.ProgressListener}; they never print.
 *
 * <h2>Not done yet</h2>
 * The rotation-key set is not yet chosen under a memory budget (ResNet-20: 136-189 keys, each at the level
 * where it is used); diagonals are encoded on the fly (no plaintext cache); LayerNorm/Concat (ConvNeXt) are
 * refused; ResNet-20 has not been run encrypted end to end yet (only the tiny ResNet, with and without
 * bootstrapping, {@link dev.olafhe.infer.CkksBootstrapping}).
 */
package dev.olafhe.infer;
