/**
 * Performance records and regression checks: one versioned JSON record per benchmark run ({@link
 * dev.olafhe.perf.BenchRecord}, written and read by {@link dev.olafhe.perf.RecordFormat}), readers that turn the
 * project's other result files into records ({@link dev.olafhe.perf.BenchRecords}), the noise-aware comparison of
 * two records ({@link dev.olafhe.perf.Comparison}) and the history of one runner as charts and a table
 * ({@link dev.olafhe.perf.History}). A leaf package: it depends on no other OLA-FHE package, so the planner and
 * the CLI can use its chart helpers ({@link dev.olafhe.perf.Charts}).
 */
package dev.olafhe.perf;
