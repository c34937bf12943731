package dev.segtpu.operator.reconcile.act;

import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvent;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Part of the act step. The API server refused to create a worker pod or the gang's Service (403 from Pod Security Admission
 * or a ResourceQuota, 422 from validation, ...): the job must say so, not sit in Scheduling in silence.
 *
 * <p>What is written: the decided status with the attempt not marked launched (so the next
 * reconciliation creates the missing workers again instead of taking them for lost) and the
 * {@value #CONDITION} condition False with the API server's own message; a {@value #EVENT} Warning
 * event; a retry after a backoff that doubles per consecutive refusal. A creation that succeeds resets
 * the backoff; the decide step turns the condition True once it sees the attempt's workers exist.
 */
final class CreateRefusals {

  static final String CONDITION = Conditions.WORKERS_CREATED;
  /** The reason Kubernetes' own controllers give the same event. */
  static final String EVENT = "FailedCreate";

  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  private static final Duration LONGEST_RETRY = Duration.ofMinutes(2);

  /** One refusal: the object and the API server's answer. */
  record Refusal(String object, int code, String message) {
    static Refusal of(String object, KubernetesClientException e) {
      String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
      return new Refusal(object, e.getCode(), message);
    }

    String describe() {
      return "creating " + object + " was refused by the API server (HTTP " + code + "): " + message;
    }
  }

  private final Map<ResourceID, Integer> consecutive = new ConcurrentHashMap<>();

  /** Amends {@code decided} into the status to write after a refusal; returns the wait before trying again. */
  Duration refused(ResourceID job, SegmentationTrainingJobStatus decided, Integer launchedBefore, Refusal refusal, Instant now) {
    decided.launchedAttempt = launchedBefore;
    Conditions.set(decided.conditions, CONDITION, false, EVENT, refusal.describe(), decided.observedGeneration, now);
    int count = consecutive.merge(job, 1, Integer::sum);
    long millis = FIRST_RETRY.toMillis() << Math.min(count - 1, 16);
    return Duration.ofMillis(Math.min(millis, LONGEST_RETRY.toMillis()));
  }

  /** After a creation that succeeded: the next refusal waits the first backoff again. */
  void created(ResourceID job) {
    consecutive.remove(job);
  }

  static JobEvent event(Refusal refusal) {
    return JobEvent.warning(EVENT, refusal.describe());
  }
}
