/**
 * The decide step: every rule of a job's life, pure (the clock is an input), returning an immutable
 * {@link dev.segtpu.operator.reconcile.decide.Decision} that already holds the cost and goodput and
 * whether the status is written. Its Javadoc is where the write order is documented.
 */
package dev.segtpu.operator.reconcile.decide;
