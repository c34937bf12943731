package dev.segtpu.sandbox.cli;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.apiserver.ResourceRequest;
import dev.segtpu.sandbox.kubelet.ProcessLifetime;
import io.fabric8.kubernetes.api.model.Event;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a sandbox run ends with: the job's final status, its events, and what the sandbox itself saw. */
final class RunSummary {

  private final SegmentationTrainingJob job;
  private final Sandbox sandbox;
  private final List<String> reclaims;
  private final EstimateTrack estimates;

  RunSummary(SegmentationTrainingJob job, Sandbox sandbox, List<String> reclaims, EstimateTrack estimates) {
    this.job = job;
    this.sandbox = sandbox;
    this.reclaims = reclaims;
    this.estimates = estimates;
  }

  void print(PrintStream out) {
    out.println();
    out.println("=== summary ===");
    if (job == null || job.getStatus() == null) {
      out.println("no status");
      return;
    }
    SegmentationTrainingJobStatus status = job.getStatus();
    out.println("phase:        " + status.phase);
    out.println("attempts:     " + status.attempt + "  (preemptions " + status.preemptionsOrZero() + ", failures "
        + status.failuresOrZero() + ", reclaims injected " + reclaims.size() + ")");
    if (status.progress != null) {
      // no step yet: the trainer failed or was stopped before finishing one
      out.println("steps:        " + (status.progress.step == null ? 0 : status.progress.step) + " / " + status.progress.totalSteps);
    }
    if (status.lastCheckpoint != null) {
      out.println("checkpoint:   step " + status.lastCheckpoint.step + " by attempt " + status.lastCheckpoint.attempt);
    }
    evaluation(status.evalMetrics).ifPresent(line -> out.println("eval:         " + line));
    if (status.cost != null && status.cost.soFarUSD != null) {
      out.printf(Locale.ROOT, "cost:         $%.4f for %.4f chip-hours (price table %s)%n", status.cost.soFarUSD,
          status.cost.chipHours == null ? 0 : status.cost.chipHours, status.cost.priceTable);
    }
    estimates.describe(status).ifPresent(line -> out.println("estimate:     " + line));
    if (status.goodput != null && status.goodput.ratio != null) {
      out.printf(Locale.ROOT, "goodput:      %.3f%n", status.goodput.ratio);
    }
    if (status.device != null) {
      out.println("device:       " + status.device);
    }
    List<ProcessLifetime> lifetimes = sandbox.kubelet().lifetimes().stream()
        .filter(l -> job.getMetadata().getName().equals(l.job())).toList();
    boolean overlapped = lifetimes.stream().anyMatch(a -> lifetimes.stream()
        .anyMatch(b -> a != b && !a.attempt().equals(b.attempt()) && a.overlaps(b)));
    out.println("processes:    " + lifetimes.size() + " trainer process(es); two attempts alive at once: " + overlapped);
    out.println("operator API: " + operatorWrites());
    out.println("events:");
    List<Event> events = sandbox.client().v1().events().inNamespace(job.getMetadata().getNamespace()).list().getItems()
        .stream().filter(e -> job.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp()))).toList();
    events.forEach(e -> out.println("  " + e.getType() + "  " + e.getReason() + "  " + e.getMessage()));
  }

  /**
   * The figures the latest evaluation reports, at its step: mIoU and pixel accuracy (DeepLab), box AP with
   * AP50 and AP75 and mask AP (Mask R-CNN); empty when it reports none.
   */
  static Optional<String> evaluation(SegmentationTrainingJobStatus.EvalMetricsStatus eval) {
    if (eval == null) {
      return Optional.empty();
    }
    List<String> figures = new ArrayList<>();
    figure(figures, "mIoU", eval.meanIoU);
    figure(figures, "pixel accuracy", eval.pixelAccuracy);
    figure(figures, "box AP", eval.boxAP);
    figure(figures, "AP50", eval.boxAP50);
    figure(figures, "AP75", eval.boxAP75);
    figure(figures, "mask AP", eval.maskAP);
    return figures.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", figures) + " at step " + eval.step);
  }

  private static void figure(List<String> figures, String name, Double value) {
    if (value != null) {
      figures.add(String.format(Locale.ROOT, "%s %.4f", name, value));
    }
  }

  /** The operator's writes to the API server over the run, by method and resource (its list and watch calls left out). */
  private String operatorWrites() {
    Map<String, Long> writes = sandbox.apiServer().requests().calls().stream()
        .filter(call -> Sandbox.OPERATOR_USER_AGENT.equals(call.userAgent()) && !"GET".equals(call.method()))
        .flatMap(call -> ResourceRequest.of(call).map(request -> call.method() + " " + request.resource()).stream())
        .collect(Collectors.groupingBy(write -> write, TreeMap::new, Collectors.counting()));
    return writes.values().stream().mapToLong(Long::longValue).sum() + " writes " + writes;
  }
}
