/**
 * The OLA planner: given a model and data, choose a polynomial for every activation layer so that encrypted
 * inference is as fast as possible within an accuracy budget (see ola-method.md).
 *
 * <p>Pipeline ({@link dev.olafhe.ola.Planner}): {@link dev.olafhe.ola.Profiler} (input histograms on a calibration
 * split of the training set) -> {@link dev.olafhe.ola.CandidateFitter} (density-weighted least squares per layer and
 * degree) -> {@link dev.olafhe.ola.ImpactTable} (top-1 drop and logit MSE of replacing one layer, validation split,
 * suffix recomputed from cached checkpoints) -> {@link dev.olafhe.ola.CostTable} (analytic or measured) priced per
 * layer by {@link dev.olafhe.ola.LayerCosts} -> {@link dev.olafhe.ola.PlanSearch}: {@link dev.olafhe.ola.DegreeSolver}
 * (exact DP on the discretised budget, optionally level-aware) and verification of the full plan ->
 * {@link dev.olafhe.ola.Baselines} (uniform degrees, composite ReLU) -> {@link dev.olafhe.plan.Plan} written by
 * {@link dev.olafhe.plan.PlanFile}, drawn by
 * {@link dev.olafhe.ola.PlanChart}, summarised by {@link dev.olafhe.ola.PlanReport}.
 */
package dev.olafhe.ola;
