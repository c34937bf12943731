/**
 * The reconciler and the wiring of its steps: {@link dev.segtpu.operator.reconcile.observe observe} →
 * {@link dev.segtpu.operator.reconcile.decide decide} → {@link dev.segtpu.operator.reconcile.act act} →
 * publish ({@link dev.segtpu.operator.metrics.JobMetrics}). One package per step, so each can be read
 * and tested knowing only what it receives: the observation, the decision, what was written.
 */
package dev.segtpu.operator.reconcile;
