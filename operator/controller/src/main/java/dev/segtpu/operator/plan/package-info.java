/**
 * The planner: which TPU configuration, how long, how much and how accurate, before a job spends
 * anything. Pure code over the TPU catalog, the price table and the preemption priors, so the CLI
 * ({@code segtpu plan}) and the operator ({@code status.estimate}) give the same answer from the same
 * figures. Every figure carries where it comes from: the source post's runs, the reference schedules,
 * or an assumption that says so.
 */
package dev.segtpu.operator.plan;
