package dev.segtpu.operator.reconcile.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.reconcile.observe.StatusWrites;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatusRefreshTest {

  static final ResourceID JOB = new ResourceID("job", "ns");
  static final Duration PERIOD = Duration.ofSeconds(30);

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
  final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  final StatusRefresh rule = new StatusRefresh(PERIOD);
  final StatusWrites writes = new StatusWrites(PERIOD);
  /** The rule as the decide step applies it, with the writes the reconciler remembers. */
  final Refresh refresh = new Refresh();

  final class Refresh {
    boolean needsWrite(ResourceID job, SegmentationTrainingJobStatus before, SegmentationTrainingJobStatus after) {
      return rule.decide(before, after, writes.last(job), clock.instant()).write();
    }

    void written(ResourceID job) {
      writes.written(job, clock.instant());
    }
  }

  static SegmentationTrainingJobStatus running(long step, double costSoFar, double goodputRatio) {
    SegmentationTrainingJobStatus status = new SegmentationTrainingJobStatus();
    status.phase = Phase.Running;
    status.attempt = 1;
    status.progress = new SegmentationTrainingJobStatus.ProgressStatus();
    status.progress.step = step;
    status.cost = new SegmentationTrainingJobStatus.CostStatus();
    status.cost.soFarUSD = costSoFar;
    status.goodput = new SegmentationTrainingJobStatus.GoodputStatus();
    status.goodput.ratio = goodputRatio;
    return status;
  }

  void advance(Duration by) {
    now.set(now.get().plus(by));
  }

  @Test
  void aFirstStatusAndNoChange() {
    assertThat(refresh.needsWrite(JOB, null, running(0, 0, 0))).isTrue();
    assertThat(refresh.needsWrite(JOB, running(10, 0.5, 0.9), running(10, 0.5, 0.9))).isFalse();
  }

  @Test
  void aChangeAnyoneActsOnIsWrittenAtOnce() {
    refresh.written(JOB);
    advance(Duration.ofSeconds(1));
    assertThat(refresh.needsWrite(JOB, running(10, 0.5, 0.9), running(20, 0.51, 0.9))).as("progress").isTrue();
    SegmentationTrainingJobStatus restarting = running(10, 0.51, 0.9);
    restarting.phase = Phase.Restarting;
    assertThat(refresh.needsWrite(JOB, running(10, 0.5, 0.9), restarting)).as("phase").isTrue();
  }

  @Test
  void clockDrivenFiguresAloneAreWrittenOncePerPeriod() {
    assertThat(refresh.needsWrite(JOB, running(10, 0.50, 0.90), running(10, 0.51, 0.91)))
        .as("nothing written yet by this operator").isTrue();
    refresh.written(JOB);
    advance(Duration.ofSeconds(29));
    assertThat(refresh.needsWrite(JOB, running(10, 0.50, 0.90), running(10, 0.51, 0.91))).isFalse();
    assertThat(refresh.needsWrite(JOB, running(10, 0.50, 0.90), running(10, 0.50, 0.91))).as("goodput only").isFalse();
    advance(Duration.ofSeconds(1));
    assertThat(refresh.needsWrite(JOB, running(10, 0.50, 0.90), running(10, 0.51, 0.91))).isTrue();
    assertThat(refresh.needsWrite(new ResourceID("other", "ns"), running(10, 0.50, 0.90), running(10, 0.51, 0.91)))
        .as("per job").isTrue();
  }

  @Test
  void aProjectedFinishThatMovesWithTheClockIsWrittenOncePerPeriod() {
    SegmentationTrainingJobStatus before = running(10, 0.50, 0.90);
    before.estimate = new SegmentationTrainingJobStatus.EstimateStatus();
    before.estimate.projectedFinishTime = "2026-11-28T14:00:00Z";
    SegmentationTrainingJobStatus after = running(10, 0.50, 0.90);
    after.estimate = new SegmentationTrainingJobStatus.EstimateStatus();
    after.estimate.projectedFinishTime = "2026-11-28T14:00:03Z";
    refresh.written(JOB);

    advance(Duration.ofSeconds(29));
    assertThat(refresh.needsWrite(JOB, before, after)).isFalse();
    advance(Duration.ofSeconds(1));
    assertThat(refresh.needsWrite(JOB, before, after)).isTrue();
  }
}
