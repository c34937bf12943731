/**
 * A job's cost and goodput for the decide step ({@link dev.segtpu.operator.reconcile.decide.Figures}):
 * pure functions of the observation and the decided status, whose state (ledger, held nodes, closed
 * attempts) lives in the status they return.
 */
package dev.segtpu.operator.figures.accounting;
