/**
 * The checkpoint interval given to each attempt ({@code SEGTPU_CHECKPOINT_INTERVAL}). For
 * {@code checkpoint.interval: auto}, Daly's optimum from the measured save time and the mean time between
 * preemptions, estimated from the job's own history blended with a per-mode prior.
 *
 * <pre>{@code
 * PreemptionHistory history = PreemptionHistory.of(ChipSeconds.fromStatus(status.cost.chipSecondsByProvisioning),
 *     slice.chips(), mode, status.preemptionsOrZero());
 * PlannedInterval interval = IntervalPlanner.defaults().plan(CheckpointInterval.parse(spec.checkpoint.interval),
 *     mode, history, lastSaveSeconds);                                // OptionalDouble
 * env SEGTPU_CHECKPOINT_INTERVAL = interval.trainerValue();           // "<N>s" or "<N>steps"
 * status.checkpointInterval = interval.trainerValue();
 * }</pre>
 * {@link dev.segtpu.operator.checkpointing.IntervalBenchmark} measures the result in a simulation.
 */
package dev.segtpu.operator.checkpointing;
