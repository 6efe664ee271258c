/**
 * CKKS bootstrapping: {@link dev.olafhe.ckks.boot.BootstrappingParametersLiteral} (the chain as a literal),
 * {@link dev.olafhe.ckks.boot.BootstrappingParameters} (validated, with stage depths and levels left),
 * {@link dev.olafhe.ckks.boot.Bootstrapper} (ScaleDown, encapsulation, ModRaise, trace, CoeffToSlot, EvalMod,
 * SlotToCoeff, real output) and {@link dev.olafhe.ckks.boot.BootstrappingKeys}.
 */
package dev.olafhe.ckks.boot;
