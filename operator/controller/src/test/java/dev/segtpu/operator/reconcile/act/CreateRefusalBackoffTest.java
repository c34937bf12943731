package dev.segtpu.operator.reconcile.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.SegmentationTrainingJobStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A refusal that lasts (a quota nobody raises) is retried ever more rarely, so the operator does not
 * hammer the API server, yet at least every two minutes, so the job starts soon after the cause goes.
 */
class CreateRefusalBackoffTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final CreateRefusals.Refusal QUOTA =
      new CreateRefusals.Refusal("pod quota-a1-w0", 403, "exceeded quota: tpu-quota");

  private final CreateRefusals refusals = new CreateRefusals();

  private Duration refuse(ResourceID job) {
    return refusals.refused(job, new SegmentationTrainingJobStatus(), null, QUOTA, NOW);
  }

  @Test
  void theRetryWaitStartsAtTwoSecondsAndDoublesPerConsecutiveRefusalUpToTwoMinutes() {
    ResourceID job = new ResourceID("quota", "ml");
    List<Long> waits = new ArrayList<>();

    for (int i = 0; i < 40; i++) {
      waits.add(refuse(job).toSeconds());
    }

    assertThat(waits.subList(0, 8)).containsExactly(2L, 4L, 8L, 16L, 32L, 64L, 120L, 120L);
    assertThat(waits).as("never beyond two minutes, however long the refusals last").allMatch(wait -> wait >= 2 && wait <= 120)
        .endsWith(120L);
  }

  @Test
  void eachJobCountsItsOwnRefusalsAndACreationThatSucceedsStartsTheCountAgain() {
    ResourceID job = new ResourceID("quota", "ml");
    refuse(job);
    refuse(job);
    refuse(job);

    assertThat(refuse(new ResourceID("other", "ml"))).as("another job's first refusal").isEqualTo(Duration.ofSeconds(2));
    assertThat(refuse(job)).as("the fourth in a row").isEqualTo(Duration.ofSeconds(16));

    refusals.created(job);

    assertThat(refuse(job)).isEqualTo(Duration.ofSeconds(2));
  }
}
