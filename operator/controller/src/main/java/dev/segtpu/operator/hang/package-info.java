/**
 * Hang detection: a trainer whose step counter stops advancing while it trains is hung
 * ({@link dev.segtpu.operator.hang.HangDetector}). Pure: the step watch is kept in the job status, the
 * clock is an input.
 */
package dev.segtpu.operator.hang;
