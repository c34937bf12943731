package dev.segtpu.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.testing.Jobs;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signal is driven by hand here ({@code tick()}); its timer only calls the same method. */
class RecreationSignalTest {

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Hands clock = new Hands();
  private final List<Event> signalled = new ArrayList<>();
  private final RecreationSignal signal = new RecreationSignal(clock);

  RecreationSignalTest() {
    signal.setEventHandler(signalled::add);
  }

  private static SegmentationTrainingJob incarnation(String uid) {
    SegmentationTrainingJob job = Jobs.job("again", "ml");
    job.getMetadata().setUid(uid);
    return job;
  }

  @Test
  void aJobCreatedUnderTheNameOfOneJustDeletedIsSignalledUntilItIsReconciled() {
    signal.onResourceDeleted(incarnation("old"));
    signal.onResourceCreated(incarnation("new"));

    signal.tick();
    signal.tick();
    assertThat(signalled).hasSize(2).allSatisfy(event -> {
      assertThat(event).isInstanceOf(ResourceEvent.class);
      assertThat(event.getRelatedCustomResourceID()).isEqualTo(new ResourceID("again", "ml"));
      assertThat(((ResourceEvent) event).getResource().orElseThrow().getMetadata().getUid()).isEqualTo("new");
    });

    signal.reconciled(incarnation("new"));
    signal.tick();
    assertThat(signalled).hasSize(2);
  }

  @Test
  void reconcilingTheOldIncarnationDoesNotSilenceTheNewOne() {
    signal.onResourceDeleted(incarnation("old"));
    signal.onResourceCreated(incarnation("new"));

    signal.reconciled(incarnation("old"));
    signal.tick();

    assertThat(signalled).hasSize(1);
  }

  @Test
  void aJobCreatedUnderAFreshNameIsLeftToTheFramework() {
    signal.onResourceCreated(incarnation("first"));
    signal.tick();

    assertThat(signalled).isEmpty();
  }

  @Test
  void aDeletionLongAgoDoesNotCountAndARecreationIsSignalledForAMinuteAtMost() {
    signal.onResourceDeleted(incarnation("old"));
    clock.now = clock.now.plus(RecreationSignal.PATIENCE).plusSeconds(1);
    signal.onResourceCreated(incarnation("new"));
    signal.tick();
    assertThat(signalled).isEmpty();

    signal.onResourceDeleted(incarnation("new"));
    signal.onResourceCreated(incarnation("newer"));
    clock.now = clock.now.plus(RecreationSignal.PATIENCE).plus(Duration.ofSeconds(1));
    signal.tick();
    assertThat(signalled).isEmpty();
  }

  @Test
  void aRecreatedJobDeletedBeforeItWasReconciledIsNoLongerSignalled() {
    signal.onResourceDeleted(incarnation("old"));
    signal.onResourceCreated(incarnation("new"));
    signal.onResourceDeleted(incarnation("new"));

    signal.tick();

    assertThat(signalled).isEmpty();
  }
}
