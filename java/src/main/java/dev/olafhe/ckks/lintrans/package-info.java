/**
 * Slot-space linear transforms by the diagonal method with baby-step giant-step and double hoisting:
 * {@link dev.olafhe.ckks.lintrans.LinearTransform} (diagonals precomputed at a level and scale) and
 * {@link dev.olafhe.ckks.lintrans.LinearTransformEvaluator}. The one engine for both users: bootstrapping's
 * CoeffToSlot/SlotToCoeff factors and the network's linear layers (convolution, pooling, fully connected).
 */
package dev.olafhe.ckks.lintrans;
