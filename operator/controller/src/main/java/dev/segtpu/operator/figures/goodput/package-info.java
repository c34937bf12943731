/**
 * Goodput: the time of every attempt split into productive training and badput categories
 * ({@link dev.segtpu.operator.figures.goodput.BadputCategory}), after Google's ml-goodput-measurement.
 *
 * <pre>{@code
 * JobGoodput goodput = JobGoodput.fromStatus(status.goodput);          // finished attempts, persisted
 * AttemptTimeline timeline = AttemptTimeline.ofGang(requestedAt, gangHolds, slice.hosts());
 * TrainerTime trainer = TrainerTime.fromStatus(trainerStatus.productiveSeconds, trainerStatus.badputSeconds);
 * GoodputBreakdown attempt = GoodputBreakdown.ofAttempt(timeline, trainer, LostProgress.none(), now);
 * goodput.withRunningAttempt(attempt).writeTo(status.goodput);
 * // gang gone: goodput.closeAttempt(GoodputBreakdown.ofAttempt(timeline, trainer, lost, now)).writeTo(status.goodput)
 * }</pre>
 */
package dev.segtpu.operator.figures.goodput;
