package dev.segtpu.operator.plan;

import dev.segtpu.api.Provisioning;
import dev.segtpu.operator.checkpointing.IntervalPlanner;
import dev.segtpu.operator.checkpointing.PreemptionPriors;
import dev.segtpu.operator.checkpointing.YoungDaly;
import java.util.Locale;

/**
 * Expected wall time of a job that is preempted at random, checkpoints at Daly's optimum and restarts
 * from its latest checkpoint: Daly (2006), "A higher order estimate of the optimum checkpoint interval",
 * eq. for the expected wall time with exponential failures, T = M·e^(R/M)·(e^((τ+δ)/M) − 1)·W/τ, with
 * W the work, τ the interval, δ the save time, R the restart time and M the mean time between
 * preemptions. The interval and its bounds are the operator's own ({@link IntervalPlanner}), so the plan
 * assumes what {@code checkpoint.interval: auto} will do; M is the operator's prior for the mode
 * ({@link PreemptionPriors}), since no public Spot TPU preemption rate exists. The first start pays R
 * too (node, pod, restore or initialisation, XLA compilation): it is what makes a bigger slice cost more
 * than its linear speed-up saves.
 *
 * @param restartSeconds assumed time from a preemption to training again (new node, pod start, restore)
 */
public record PreemptionOverhead(PreemptionPriors priors, IntervalPlanner intervals, double restartSeconds) {

  /** The operator's default priors and intervals; restart assumed 5 minutes. */
  public static PreemptionOverhead defaults() {
    return new PreemptionOverhead(PreemptionPriors.defaults(), IntervalPlanner.defaults(), 300);
  }

  /** What the first start and preemptions add to {@code workSeconds} of training in this mode. */
  public Estimate of(Provisioning mode, double workSeconds) {
    double m = priors.of(mode).meanTimeBetweenPreemptions().toSeconds();
    double save = intervals.assumedSaveSeconds();
    double interval = Math.min(Math.max(YoungDaly.daly(save, m), intervals.shortest().toSeconds()),
        intervals.longest().toSeconds());
    double wall = m * Math.exp(restartSeconds / m) * Math.expm1((interval + save) / m) * workSeconds / interval;
    return new Estimate(restartSeconds + wall - workSeconds, interval, String.format(Locale.ROOT,
        "start %.0f s + Daly's expected wall time: one preemption per %.1f h (%s prior, assumed), checkpoint every %.0f min, save %.0f s, restart %.0f s (assumed)",
        restartSeconds, m / 3600, mode.value(), interval / 60, save, restartSeconds));
  }

  /**
   * @param extraSeconds wall time beyond the work itself: the first start, saves, lost progress and restarts
   */
  public record Estimate(double extraSeconds, double intervalSeconds, String basis) {}
}
