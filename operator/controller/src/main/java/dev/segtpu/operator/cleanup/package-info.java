/**
 * Deleting what a deleted job leaves behind. The operator puts no finalizer on jobs, so deleting a job
 * never waits for an operator that is down or uninstalled: its pods and Service are deleted explicitly
 * when the operator sees the deletion ({@link dev.segtpu.operator.cleanup.JobWorkload}), and otherwise by
 * the periodic sweep for objects whose owning job is gone ({@link dev.segtpu.operator.cleanup.OrphanSweeper}).
 * Owner references let a garbage collector do it as well, where one runs.
 */
package dev.segtpu.operator.cleanup;
