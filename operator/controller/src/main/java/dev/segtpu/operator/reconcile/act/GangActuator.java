package dev.segtpu.operator.reconcile.act;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.reconcile.decide.Decision;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.workload.AttemptPlan;
import dev.segtpu.operator.workload.KueuePodGroups;
import dev.segtpu.operator.workload.HeadlessServiceFactory;
import dev.segtpu.operator.workload.WorkerPodFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The act step: carries out a {@link Decision} against the API server in the write order documented on
 * {@link Decision}, and returns what it wrote ({@link Acted}). It decides nothing, with one exception the
 * API server forces: when it refuses to create a worker or the Service, the status written is the decided
 * one amended ({@link CreateRefusals}). Pod creations tolerate "already exists" and deletions "not found",
 * so a repeated decision (after a crash or a stale cache) does no harm.
 */
public class GangActuator {

  private static final Logger log = LoggerFactory.getLogger(GangActuator.class);

  private final WorkerPodFactory pods;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final int statusPort;
  private final CreateRefusals refusals = new CreateRefusals();
  private final Clock clock;
  /** Pods (by uid) whose deletion was accepted recently: the cache may still show them for a moment. */
  private final Map<String, Instant> deletionRequested = new ConcurrentHashMap<>();
  private static final Duration DELETION_MEMORY = Duration.ofSeconds(30);

  public GangActuator(WorkerPodFactory pods, StatusWriter statusWriter, EventRecorder events, int statusPort, Clock clock) {
    this.pods = pods;
    this.statusWriter = statusWriter;
    this.events = events;
    this.statusPort = statusPort;
    this.clock = clock;
  }

  /**
   * Carries out the decision, in the order {@link Decision} documents.
   *
   * @throws StatusConflict when a status write met a newer job: nothing after it was carried out
   */
  public Acted apply(SegmentationTrainingJob job, Decision decision, Context<SegmentationTrainingJob> context) {
    KubernetesClient client = context.getClient();
    ResourceID id = ResourceID.fromResource(job);
    SegmentationTrainingJobStatus status = decision.status();
    Optional<SegmentationTrainingJobStatus> written = Optional.empty();
    boolean statusPending = decision.statusWrite().write();
    if (decision.statusFirst() && statusPending) {
      written = Optional.of(writeStatus(job, status, context));
      statusPending = false;
    }
    deletePods(client, decision.podsToDelete());
    Optional<Duration> retry = Optional.empty();
    List<JobEvent> refusalEvents = new ArrayList<>();
    if (decision.launch().isPresent() && !decision.workersToCreate().isEmpty()) {
      Optional<CreateRefusals.Refusal> refusal = create(decision.launch().get(), decision.workersToCreate(), context);
      Instant now = clock.instant();
      if (refusal.isPresent()) {
        Integer launchedBefore = job.getStatus() == null ? null : job.getStatus().launchedAttempt;
        retry = Optional.of(refusals.refused(id, status, launchedBefore, refusal.get(), now));
        refusalEvents.add(CreateRefusals.event(refusal.get()));
        log.warn("{}/{}: {}", job.getMetadata().getNamespace(), job.getMetadata().getName(), refusal.get().describe());
        statusPending = true;
      } else {
        refusals.created(id);
      }
    }
    if (statusPending) {
      written = Optional.of(writeStatus(job, status, context));
    }
    events.record(job, decision.events());
    events.record(job, refusalEvents);
    if (decision.deleteJob()) {
      log.info("{}/{}: ttlSecondsAfterFinished passed; deleting the job", job.getMetadata().getNamespace(), job.getMetadata().getName());
      client.resource(job).delete();
    }
    return new Acted(written, retry);
  }

  /** Records events about a job the operator does not otherwise act on (its status cannot be read). */
  public void report(SegmentationTrainingJob job, List<JobEvent> report) {
    events.record(job, report);
  }

  /** Creates the gang's Service and missing workers; the first refusal other than "already exists" stops it. */
  private Optional<CreateRefusals.Refusal> create(AttemptPlan plan, List<Integer> workers, Context<SegmentationTrainingJob> context) {
    KubernetesClient client = context.getClient();
    if (plan.slices().severalWorkers()) {
      Service service = HeadlessServiceFactory.service(plan.job(), statusPort);
      try {
        client.resource(service).create();
      } catch (KubernetesClientException e) {
        if (refusal(e)) {
          return Optional.of(CreateRefusals.Refusal.of("service " + service.getMetadata().getName(), e));
        }
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    InformerEventSource<Pod, SegmentationTrainingJob> cache = podCache(context);
    for (int worker : workers) {
      Pod pod = pods.worker(plan, worker);
      try {
        Pod created = client.resource(pod).create();
        if (cache != null) {
          cache.handleRecentResourceCreate(ResourceID.fromResource(created), created);
        }
      } catch (KubernetesClientException e) {
        if (refusal(e)) {
          return Optional.of(CreateRefusals.Refusal.of("pod " + pod.getMetadata().getName(), e));
        }
        if (e.getCode() != 409) {
          throw e;
        }
        log.debug("pod {} already exists", pod.getMetadata().getName());
      }
    }
    return Optional.empty();
  }

  /**
   * A client error the API server will repeat until someone changes the cluster or the spec (forbidden,
   * invalid, quota): reported and retried with backoff. Conflicts and server errors are the framework's
   * to retry.
   */
  private static boolean refusal(KubernetesClientException e) {
    return e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 409 && e.getCode() != 429;
  }

  /** Pods whose deletion was asked for moments ago are not asked again. */
  private void deletePods(KubernetesClient client, List<Pod> toDelete) {
    forgetOldDeletions();
    for (Pod pod : toDelete) {
      String uid = pod.getMetadata().getUid();
      if (uid != null && deletionRequested.containsKey(uid)) {
        continue;
      }
      delete(client, pod);
      if (uid != null) {
        deletionRequested.put(uid, clock.instant());
      }
    }
  }

  private void forgetOldDeletions() {
    Instant cutoff = clock.instant().minus(DELETION_MEMORY);
    deletionRequested.values().removeIf(when -> when.isBefore(cutoff));
  }

  /** A pod of a Kueue pod group is closed first ({@link KueuePodGroups}). */
  private static void delete(KubernetesClient client, Pod pod) {
    try {
      KueuePodGroups.closeBeforeDeletion(client, pod);
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<Pod, SegmentationTrainingJob> podCache(Context<SegmentationTrainingJob> context) {
    try {
      var source = context.eventSourceRetriever().getEventSourceFor(Pod.class);
      return source instanceof InformerEventSource<?, ?> informer ? (InformerEventSource<Pod, SegmentationTrainingJob>) informer : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private SegmentationTrainingJobStatus writeStatus(SegmentationTrainingJob job, SegmentationTrainingJobStatus status,
                                                    Context<SegmentationTrainingJob> context) {
    statusWriter.write(job, status, context);
    return status;
  }
}
