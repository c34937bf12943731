package dev.segtpu.operator.checkpointing;

import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Discrete-event simulation of one training job on reclaimable TPUs: preemptions arrive with
 * exponentially distributed gaps (mean M), every attempt first pays a restart cost R (startup and
 * checkpoint restore), then trains in segments of the attempt's interval τ, each ended by a save of δ
 * that commits its progress. A preemption loses everything since the last commit. The interval of
 * every attempt comes from an {@link IntervalPolicy} that sees only what the operator would see.
 */
final class PreemptionSimulation {

  /** One setting of the world. All times in seconds. */
  record Scenario(String name, double workSeconds, double meanTimeBetweenPreemptions, double saveSeconds,
                  double restartSeconds) {}

  /** The interval for the next attempt, from the job's history so far and the last measured save time. */
  interface IntervalPolicy {
    double seconds(PreemptionHistory history, OptionalDouble measuredSaveSeconds);

    static IntervalPolicy fixed(double seconds) {
      return (history, save) -> seconds;
    }
  }

  record Outcome(double wallSeconds, int preemptions, double workSeconds) {
    double goodput() {
      return workSeconds / wallSeconds;
    }
  }

  private PreemptionSimulation() {}

  /** Runs the job to completion; the same seed gives the same preemption schedule to every policy. */
  static Outcome run(Scenario scenario, IntervalPolicy policy, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double committed = 0;
    double wall = 0;
    PreemptionHistory history = PreemptionHistory.none();
    OptionalDouble measuredSave = OptionalDouble.empty();
    while (true) {
      double interval = policy.seconds(history, measuredSave);
      double preemptedAfter = -scenario.meanTimeBetweenPreemptions() * Math.log(1 - random.nextDouble());
      double elapsed = scenario.restartSeconds();
      boolean preempted = preemptedAfter < elapsed;
      while (!preempted && committed < scenario.workSeconds()) {
        double segment = Math.min(interval, scenario.workSeconds() - committed);
        double commitAt = elapsed + segment + scenario.saveSeconds();
        if (preemptedAfter < commitAt) {
          preempted = true;
        } else {
          elapsed = commitAt;
          committed += segment;
          measuredSave = OptionalDouble.of(scenario.saveSeconds());
        }
      }
      double attemptSeconds = preempted ? preemptedAfter : elapsed;
      wall += attemptSeconds;
      history = history.after(attemptSeconds, preempted);
      if (!preempted) {
        return new Outcome(wall, history.preemptions(), scenario.workSeconds());
      }
    }
  }

  /** Mean goodput over {@code runs} seeded runs (seeds 1..runs). */
  static double meanGoodput(Scenario scenario, IntervalPolicy policy, int runs) {
    double sum = 0;
    for (int seed = 1; seed <= runs; seed++) {
      sum += run(scenario, policy, seed).goodput();
    }
    return sum / runs;
  }

  /**
   * Expected goodput of a fixed interval in this model, in closed form (Daly 2006): a piece of L
   * seconds (training plus its save) started right after a commit takes M·e^(R/M)·(e^(L/M) − 1) in
   * expectation; the job's first piece, which starts with a restart, takes M·(e^((R+L)/M) − 1).
   */
  static double expectedGoodput(Scenario scenario, double interval) {
    double work = scenario.workSeconds();
    long pieces = Math.max(1, (long) Math.ceil(work / interval - 1e-9));
    double lastPiece = work - (pieces - 1) * interval;
    double firstPiece = pieces == 1 ? lastPiece : interval;
    double m = scenario.meanTimeBetweenPreemptions();
    double wall = m * Math.expm1((scenario.restartSeconds() + firstPiece + scenario.saveSeconds()) / m);
    if (pieces >= 2) {
      wall += (pieces - 2) * afterCommit(scenario, interval) + afterCommit(scenario, lastPiece);
    }
    return work / wall;
  }

  /**
   * The interval that maximises long-run goodput τ / E[time of a piece]: the theoretical optimum the
   * planner aims at (Daly's formula approximates it).
   */
  static double optimalInterval(Scenario scenario) {
    // Golden-section search on log(interval): the long-run goodput is smooth and unimodal in it.
    double lo = 0;
    double hi = Math.log(scenario.workSeconds());
    double phi = (Math.sqrt(5) - 1) / 2;
    for (int i = 0; i < 200; i++) {
      double a = hi - phi * (hi - lo);
      double b = lo + phi * (hi - lo);
      if (longRunGoodput(scenario, Math.exp(a)) >= longRunGoodput(scenario, Math.exp(b))) {
        hi = b;
      } else {
        lo = a;
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  private static double longRunGoodput(Scenario scenario, double interval) {
    return interval / afterCommit(scenario, interval);
  }

  private static double afterCommit(Scenario scenario, double training) {
    double m = scenario.meanTimeBetweenPreemptions();
    return m * Math.exp(scenario.restartSeconds() / m) * Math.expm1((training + scenario.saveSeconds()) / m);
  }
}
