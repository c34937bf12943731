/**
 * What the trainer reports: Prometheus metrics ({@code GET /metrics}) and the operator's JSON status
 * ({@code GET /status}, docs/trainer-contract.md) from one HTTP listener, and the split of wall time into
 * productive time and badput by category.
 *
 * <p>Use from the trainer:
 * <pre>{@code
 * try (TrainerTelemetry telemetry = TrainerTelemetry.start(bind, port, attempt, totalSteps, device)) {
 *   telemetry.badput(TrainerBadput.STARTUP, startupSeconds);
 *   telemetry.phase(TrainerPhase.RESTORING);   telemetry.restored(step, attempt, time, restoreSeconds);
 *   telemetry.phase(TrainerPhase.TRAINING);
 *   telemetry.stepCompleted(step, batch.epoch(), loss, lr, batch.size(), stepSeconds, batch.waitNanos() / 1e9);
 *   telemetry.phase(TrainerPhase.CHECKPOINTING); telemetry.checkpointSaved(step, attempt, Instant.now(), saveSeconds);
 *   telemetry.phase(TrainerPhase.EVALUATING);  telemetry.evaluated(step, mIoU, pixelAccuracy, perClassIoU, evalSeconds);
 *   telemetry.phase(TrainerPhase.DONE);        // final metrics JSON: telemetry.status()
 * }
 * }</pre>
 */
package dev.segtpu.trainer.telemetry;

import dev.segtpu.contract.TrainerBadput;
