package dev.segtpu.sandbox.cli;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Follows one job until it finishes: a progress line whenever something changes, reclaims on schedule. */
final class JobWatch {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final PrintStream out;
  private final Instant started = Instant.now();
  private final List<String> reclaims = new ArrayList<>();
  private final EstimateTrack estimates = new EstimateTrack();

  JobWatch(KubernetesClient client, String namespace, String name, PrintStream out) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.out = out;
  }

  /** Polls every second; reclaims the job's node {@code preemptAfter[i]} after it (re)started running. */
  SegmentationTrainingJob untilFinished(Duration timeout, List<Duration> preemptAfter, SpotReclaimer reclaimer,
                                        SpotReclaimer.Mode mode) throws InterruptedException {
    String lastLine = "";
    Instant runningSince = null;
    int nextReclaim = 0;
    Instant deadline = started.plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      SegmentationTrainingJob job = client.resources(SegmentationTrainingJob.class).inNamespace(namespace).withName(name).get();
      if (job == null) {
        out.println("job " + name + " was deleted");
        return null;
      }
      SegmentationTrainingJobStatus status = job.getStatus();
      estimates.see(status);
      String line = line(status);
      if (!line.equals(lastLine)) {
        out.printf(Locale.ROOT, "[%s] %s%n", elapsed(), line);
        lastLine = line;
      }
      Phase phase = status == null ? Phase.Pending : status.phaseOrPending();
      if (phase.finished()) {
        return job;
      }
      runningSince = phase == Phase.Running ? (runningSince == null ? Instant.now() : runningSince) : null;
      if (runningSince != null && nextReclaim < preemptAfter.size()
          && Instant.now().isAfter(runningSince.plus(preemptAfter.get(nextReclaim)))) {
        var node = reclaimer.reclaim(namespace, name, mode);
        if (node.isPresent()) {
          String what = String.format(Locale.ROOT, "[%s] >>> Spot reclaim (%s) of node %s", elapsed(), mode, node.get().node());
          out.println(what);
          reclaims.add(what);
          nextReclaim++;
          runningSince = null;
        }
      }
      Thread.sleep(1000);
    }
    out.println("timed out after " + timeout);
    return client.resources(SegmentationTrainingJob.class).inNamespace(namespace).withName(name).get();
  }

  EstimateTrack estimates() {
    return estimates;
  }

  List<String> reclaims() {
    return List.copyOf(reclaims);
  }

  private String elapsed() {
    Duration elapsed = Duration.between(started, Instant.now());
    return String.format(Locale.ROOT, "%02d:%02d", elapsed.toMinutes(), elapsed.toSecondsPart());
  }

  static String line(SegmentationTrainingJobStatus status) {
    if (status == null || status.phase == null) {
      return "Pending";
    }
    StringBuilder line = new StringBuilder(status.phase.name());
    if (status.attempt != null) {
      line.append(" attempt ").append(status.attempt);
    }
    if (status.progress != null && status.progress.step != null) {
      line.append(String.format(Locale.ROOT, "  step %d/%d (%d%%)", status.progress.step,
          status.progress.totalSteps == null ? 0 : status.progress.totalSteps,
          status.progress.percent == null ? 0 : status.progress.percent));
    }
    if (status.throughput != null && status.throughput.imagesPerSecond != null) {
      line.append(String.format(Locale.ROOT, "  %.1f img/s", status.throughput.imagesPerSecond));
    }
    if (status.lastCheckpoint != null && status.lastCheckpoint.step != null) {
      line.append("  checkpoint@").append(status.lastCheckpoint.step);
    }
    if (status.cost != null && status.cost.soFarUSD != null) {
      line.append(String.format(Locale.ROOT, "  cost $%.4f", status.cost.soFarUSD));
    }
    line.append("  preemptions ").append(status.preemptionsOrZero());
    if (status.failuresOrZero() > 0) {
      line.append("  failures ").append(status.failures);
    }
    return line.toString();
  }
}
