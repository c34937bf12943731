package dev.segtpu.operator.checkpointing;

/**
 * The checkpoint interval given to one attempt.
 *
 * @param trainerValue what {@code SEGTPU_CHECKPOINT_INTERVAL} receives: {@code <N>s} or {@code <N>steps}
 * @param seconds the interval in seconds; NaN for a step count
 * @param reason why, for the status and events, e.g. "auto: Daly with save 41 s, mean time between preemptions 2.1 h"
 */
public record PlannedInterval(String trainerValue, double seconds, String reason) {}
