package dev.segtpu.operator.metrics;

import dev.segtpu.api.Phase;
import dev.segtpu.operator.figures.goodput.BadputCategory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The series of one job, all read from its latest {@link JobSnapshot} at scrape time. Every meter it
 * registers is remembered so that the job's deletion removes them all.
 */
final class JobSeries {

  private final MeterRegistry registry;
  private final Clock clock;
  private final JobLabels labels;
  private final List<Meter> meters = new ArrayList<>();
  private final Set<String> billedModes = new HashSet<>();
  private final Set<AveragePrecision> reportedPrecisions = EnumSet.noneOf(AveragePrecision.class);
  private volatile JobSnapshot snapshot;

  JobSeries(MeterRegistry registry, Clock clock, JobLabels labels, JobSnapshot first) {
    this.registry = registry;
    this.clock = clock;
    this.labels = labels;
    this.snapshot = first;
    registerFixed();
    registerBilledModes(first);
    registerReportedPrecisions(first);
  }

  JobLabels labels() {
    return labels;
  }

  void update(JobSnapshot next) {
    snapshot = next;
    registerBilledModes(next);
    registerReportedPrecisions(next);
  }

  void remove() {
    meters.forEach(registry::remove);
    meters.clear();
  }

  private void registerFixed() {
    Tags tags = labels.tags();
    gauge("segtpu.job.step", null, "Global training step reached", tags, JobSnapshot::step);
    gauge("segtpu.job.progress.ratio", null, "Step / total steps, 0..1", tags, JobSnapshot::progressRatio);
    gauge("segtpu.job.images.per.second", null, "Measured training throughput in images per second", tags, JobSnapshot::imagesPerSecond);
    gauge("segtpu.job.cost.so.far", "usd", "TPU spend so far (see status.cost.priceTable)", tags, JobSnapshot::costSoFarUSD);
    gauge("segtpu.job.cost.projected", "usd", "TPU spend projected at completion from the measured throughput", tags, JobSnapshot::costProjectedUSD);
    gauge("segtpu.job.cost.wasted", "usd", "TPU spend on steps recomputed after preemptions", tags, JobSnapshot::costWastedUSD);
    gauge("segtpu.job.budget", "usd", "spec.budget.maxCostUSD (NaN when unset)", tags, JobSnapshot::budgetUSD);
    counter("segtpu.job.preemptions", "Gangs lost to preemption", tags, JobSnapshot::preemptions);
    counter("segtpu.job.restarts", "New attempts after the first", tags, JobSnapshot::restarts);
    counter("segtpu.job.failures", "Gangs lost to trainer failures", tags, JobSnapshot::failures);
    counter("segtpu.job.hangs", "Gangs restarted because their step counter stood still (also counted as failures)", tags,
        JobSnapshot::hangs);
    gauge("segtpu.job.goodput", "ratio", "Productive training time / total time, 0..1", tags, JobSnapshot::goodputRatio);
    gauge("segtpu.job.productive", "seconds", "Productive training time, all attempts", tags, s -> s.goodput().productiveSeconds());
    for (BadputCategory category : BadputCategory.values()) {
      gauge("segtpu.job.badput", "seconds", "Non-productive time by category, all attempts",
          tags.and("category", category.key()), s -> s.badputSeconds(category));
    }
    gauge("segtpu.job.checkpoint.age", "seconds", "Time since the latest complete checkpoint", tags, this::checkpointAge);
    gauge("segtpu.job.checkpoint.interval", "seconds", "Checkpoint interval of the current attempt", tags, JobSnapshot::checkpointIntervalSeconds);
    gauge("segtpu.job.eval.mean.iou", null, "Mean intersection-over-union of the latest evaluation", tags, JobSnapshot::evalMeanIoU);
    gauge("segtpu.job.provisioning.rung", null, "The provisioning ladder's rung in use: 0 is spec.tpu.provisioning",
        tags, JobSnapshot::provisioningRung);
    for (Phase phase : Phase.values()) {
      gauge("segtpu.job.phase", null, "1 for the job's current phase, 0 for the others",
          tags.and("phase", phase.name()), s -> s.phase() == phase ? 1 : 0);
    }
  }

  /** Chip-seconds and spend appear per provisioning mode once the job has used that mode. */
  private void registerBilledModes(JobSnapshot current) {
    for (String mode : current.chipSecondsByProvisioning().keySet()) {
      if (billedModes.add(mode)) {
        meters.add(FunctionCounter.builder("segtpu.job.chip.seconds", this,
                series -> series.snapshot.chipSecondsByProvisioning().getOrDefault(mode, 0.0))
            .description("TPU chip-seconds held, by the provisioning mode they were billed at")
            .tags(labels.tagsFor(mode))
            .register(registry));
        gauge("segtpu.job.cost.by.provisioning", "usd", "TPU spend so far by the provisioning mode it was billed at",
            labels.tagsFor(mode), s -> s.costUSDByProvisioning().getOrDefault(mode, 0.0));
      }
    }
  }

  /**
   * An average precision appears once the job's evaluation reports it and then shows the latest reported
   * value (an evaluation stays in the status until the next one replaces it).
   */
  private void registerReportedPrecisions(JobSnapshot current) {
    for (AveragePrecision precision : current.averagePrecisions().keySet()) {
      if (reportedPrecisions.add(precision)) {
        gauge(precision.meter, null, precision.description, labels.tags(),
            s -> s.averagePrecisions().getOrDefault(precision, Double.NaN));
      }
    }
  }

  private double checkpointAge(JobSnapshot current) {
    return current.lastCheckpoint() == null ? Double.NaN
        : Math.max(0, Duration.between(current.lastCheckpoint(), clock.instant()).toMillis() / 1000.0);
  }

  private void gauge(String name, String unit, String description, Tags tags, ToDoubleFunction<JobSnapshot> value) {
    meters.add(Gauge.builder(name, this, series -> value.applyAsDouble(series.snapshot))
        .baseUnit(unit)
        .description(description)
        .tags(tags)
        .strongReference(true)
        .register(registry));
  }

  private void counter(String name, String description, Tags tags, ToDoubleFunction<JobSnapshot> value) {
    meters.add(FunctionCounter.builder(name, this, series -> value.applyAsDouble(series.snapshot))
        .description(description)
        .tags(tags)
        .register(registry));
  }
}
