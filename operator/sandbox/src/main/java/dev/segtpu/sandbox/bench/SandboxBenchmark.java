package dev.segtpu.sandbox.bench;

import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The sandbox benchmark of issue 5; every figure it prints is measured in this run. */
public final class SandboxBenchmark {

  private SandboxBenchmark() {}

  public static int run(Path root, Path manifest, int reclaims, boolean quickJob, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "segtpu sandbox benchmark on %d cores%n", Runtime.getRuntime().availableProcessors());
    int status = 0;
    if (quickJob) {
      QuickJobBenchmark.Result quick = QuickJobBenchmark.run(root.resolve("quick"), manifest);
      out.printf(Locale.ROOT, "1. %s end to end, real trainer, one Spot reclaim at 1/3: %d:%02d (%s, %d attempts, "
              + "step %d)   target <= 3:00%n", manifest.getFileName(), quick.wallTime().toMinutes(),
          quick.wallTime().toSecondsPart(), quick.phase(), quick.attempts(), quick.steps());
      status = quick.phase() == dev.segtpu.api.Phase.Succeeded ? 0 : 1;
    }
    out.printf(Locale.ROOT, "2./3. stand-in trainer (20 ms a step, checkpoint every %d steps), %d reclaims per mode:%n",
        PreemptionBenchmark.CHECKPOINT_EVERY, reclaims);
    // CUT_OFF is left out: its old gang trains on until fenced, so "steps lost" has no single meaning there.
    for (SpotReclaimer.Mode mode : List.of(SpotReclaimer.Mode.SHUTDOWN, SpotReclaimer.Mode.VANISH)) {
      PreemptionBenchmark.Result result = PreemptionBenchmark.run(root, mode, reclaims);
      Percentiles lost = Percentiles.of(result.stepsLost());
      Percentiles reaction = Percentiles.of(result.reactionMillis());
      out.printf(Locale.ROOT, "   %-8s %s: steps lost per reclaim mean %.1f, max %.0f; reclaim -> new gang's pods "
              + "p50 %.0f ms, p99 %.0f ms%n", mode,
          mode == SpotReclaimer.Mode.SHUTDOWN ? "(SIGTERM, checkpoint on the way out)" : "(SIGKILL, no warning)    ",
          lost.mean(), lost.at(100), reaction.at(50), reaction.at(99));
    }
    out.println("   (VANISH waits for PodGC to delete the lost pods: 5 s in the sandbox, 40 s+ on GKE)");
    return status;
  }
}
