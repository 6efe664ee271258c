/**
 * The plan: which polynomial replaces every activation layer, with the evidence behind the choice
 * ({@link dev.olafhe.plan.Plan}), and its JSON file ({@link dev.olafhe.plan.PlanFile}). The planner
 * ({@code dev.olafhe.ola}) writes plans and the encrypted runtime ({@code dev.olafhe.infer}) reads them: the two
 * sit side by side and meet here, never importing each other.
 */
package dev.olafhe.plan;
