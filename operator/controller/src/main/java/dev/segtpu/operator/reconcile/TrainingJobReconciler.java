package dev.segtpu.operator.reconcile;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.tolerant.UnreadableStatus;
import dev.segtpu.operator.cleanup.JobWorkload;
import dev.segtpu.operator.gang.GangObserver;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.progress.FinalReport;
import dev.segtpu.operator.progress.ProgressSignal;
import dev.segtpu.operator.progress.TrainerReport;
import dev.segtpu.operator.progress.TrainerStatusPoller;
import dev.segtpu.operator.reconcile.act.GangActuator;
import dev.segtpu.operator.reconcile.act.StatusConflict;
import dev.segtpu.operator.reconcile.decide.Decision;
import dev.segtpu.operator.reconcile.decide.GangDecider;
import dev.segtpu.operator.reconcile.observe.SpecGate;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.operator.status.StatusEnrichment;
import dev.segtpu.operator.workload.GangNames;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@link SegmentationTrainingJob} into a gang of TPU worker pods:
 * validate ({@link SpecGate}) → observe ({@link GangObserver}) → decide ({@link GangDecider}) →
 * act ({@link GangActuator}). Everything it decides is derived from the job and its pods, so any
 * replica that wins the leader election can take over at any moment.
 */
// Every event, deletions included: the job carries no finalizer (see the cleanup package), so its
// deletion is seen here, once, and never waits for an operator that is down.
@ControllerConfiguration(name = TrainingJobReconciler.NAME, triggerReconcilerOnAllEvents = true)
public class TrainingJobReconciler implements Reconciler<SegmentationTrainingJob> {

  public static final String NAME = "segmentationtrainingjob";
  public static final String PODS_BY_NODE = "pods-by-node";

  private static final Logger log = LoggerFactory.getLogger(TrainingJobReconciler.class);

  private final SpecGate gate;
  private final TpuCatalog catalog;
  private final GangObserver observer;
  private final GangDecider decider;
  private final GangActuator actuator;
  private final StatusEnrichment enrichment;
  private final TrainerStatusPoller poller;
  private final ProgressSignal progressSignal = new ProgressSignal();
  private final List<Extra> extraSources = new ArrayList<>();
  private final int statusPort;
  private final Clock clock;
  private final Duration conflictRetry;

  /** Event sources added by the wiring (e.g. the node watch), given the pod informer. */
  public interface Extra {
    EventSource<?, SegmentationTrainingJob> create(EventSourceContext<SegmentationTrainingJob> context,
                                                   InformerEventSource<Pod, SegmentationTrainingJob> pods);
  }

  public TrainingJobReconciler(SpecGate gate, TpuCatalog catalog, GangObserver observer, GangDecider decider,
                               GangActuator actuator, StatusEnrichment enrichment, TrainerStatusPoller poller,
                               int statusPort, Clock clock, Duration conflictRetry) {
    this.gate = gate;
    this.catalog = catalog;
    this.observer = observer;
    this.decider = decider;
    this.actuator = actuator;
    this.enrichment = enrichment;
    this.poller = poller;
    this.statusPort = statusPort;
    this.clock = clock;
    this.conflictRetry = conflictRetry;
    poller.onChange(progressSignal::fire);
  }

  public TrainingJobReconciler withEventSource(Extra extra) {
    extraSources.add(extra);
    return this;
  }

  @Override
  public List<EventSource<?, SegmentationTrainingJob>> prepareEventSources(EventSourceContext<SegmentationTrainingJob> context) {
    Map<String, java.util.function.Function<Pod, List<String>>> indexers = new HashMap<>();
    indexers.put(PODS_BY_NODE, pod -> pod.getSpec() == null || pod.getSpec().getNodeName() == null
        ? List.of() : List.of(pod.getSpec().getNodeName()));
    InformerEventSource<Pod, SegmentationTrainingJob> pods = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, SegmentationTrainingJob.class)
            .withLabelSelector(GangNames.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(SegmentationTrainingJob.class))
            .build(),
        context);
    pods.addIndexers(indexers);
    List<EventSource<?, SegmentationTrainingJob>> sources = new ArrayList<>();
    sources.add(pods);
    sources.add(progressSignal);
    for (Extra extra : extraSources) {
      sources.add(extra.create(context, pods));
    }
    return sources;
  }

  @Override
  public UpdateControl<SegmentationTrainingJob> reconcile(SegmentationTrainingJob job, Context<SegmentationTrainingJob> context) {
    if (context.isPrimaryResourceDeleted() || context.isPrimaryResourceFinalStateUnknown()
        || job.getMetadata().getDeletionTimestamp() != null) {
      deleted(job, context);
      return UpdateControl.noUpdate();
    }
    if (job.getStatus() instanceof UnreadableStatus unreadable) {
      // The status is the operator's memory of the job (attempt, fencing, ledger): without it any decision
      // could double-count or un-fence, and writing a new one would destroy what the user may want to fix.
      log.warn("{}/{}: status unreadable ({}); not reconciling it", job.getMetadata().getNamespace(),
          job.getMetadata().getName(), unreadable.problem());
      actuator.report(job, List.of(JobEvent.warning(JobEvents.UNREADABLE_STATUS, unreadable.problem()
          + ": the operator cannot read this job's status and leaves the job alone; fix the value "
          + "(kubectl edit --subresource=status) or delete and re-create the job")));
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    List<JobEvent> rejected = new ArrayList<>();
    SpecGate.Verdict verdict = gate.check(job);
    Decision decision;
    if (verdict.effective().isEmpty()) {
      decision = decider.invalid(job, verdict.errors(), now);
    } else {
      SegmentationTrainingJobSpec spec = verdict.effective().get();
      SliceShape slice = catalog.requireSlice(spec.tpu.generation, spec.tpu.topology);
      SegmentationTrainingJobStatus status = job.getStatus() == null ? new SegmentationTrainingJobStatus() : job.getStatus();
      GangView gang = observe(job, spec, status, slice, context, now);
      String key = ProgressSignal.key(job);
      Optional<TrainerReport> report = gang.active()
          ? FinalReport.of(gang).or(() -> poller.latest(key, gang.attempt()).map(TrainerStatusPoller.Observation::report))
          : Optional.empty();
      decision = decider.decide(new GangDecider.Input(job, verdict, slice, gang, report, now));
      enrichment.enrich(new StatusEnrichment.Input(job, spec, slice, gang, report, status, decision.status(), now));
      if (gang.active() && decision.status().endedAttemptOrZero() < gang.attempt()) {
        gang.reportingWorker().ifPresent(worker -> poller.refresh(key, gang.attempt(), worker.podIp(), statusPort));
      }
      if (gang.active()) {
        poller.takeRejection(key, gang.attempt()).ifPresent(why -> rejected.add(JobEvent.warning(
            JobEvents.TRAINER_STATUS_REJECTED, "attempt " + gang.attempt() + ": " + why + "; it counts as no report")));
      }
    }
    Optional<Duration> retryCreation;
    try {
      retryCreation = actuator.apply(job, decision, context);
      actuator.report(job, rejected);
    } catch (StatusConflict conflict) {
      log.debug(conflict.getMessage());
      return UpdateControl.<SegmentationTrainingJob>noUpdate().rescheduleAfter(conflictRetry);
    }
    if (retryCreation.isPresent()) {
      return UpdateControl.<SegmentationTrainingJob>noUpdate().rescheduleAfter(retryCreation.get());
    }
    return decision.requeueAfter()
        .map(wait -> UpdateControl.<SegmentationTrainingJob>noUpdate().rescheduleAfter(wait.isZero() ? Duration.ofMillis(1) : wait))
        .orElseGet(UpdateControl::noUpdate);
  }

  private GangView observe(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, SegmentationTrainingJobStatus status,
                           SliceShape slice, Context<SegmentationTrainingJob> context, Instant now) {
    GangView gang = observer.observe(spec, status, slice.hosts(), context.getSecondaryResources(Pod.class), now);
    if (gang.active() && gang.launched() && !gang.missingWorkers().isEmpty()) {
      // A launched worker seems gone, which ends the attempt: confirm with the API server, not a cache that
      // may lag or be emptied while this replica shuts down.
      return observer.observe(spec, status, slice.hosts(), JobWorkload.livePods(context.getClient(), job), now);
    }
    return gang;
  }

  /**
   * Deleting a job deletes its pods and Service explicitly: owner references let the garbage collector
   * do it too, but it does not run everywhere (test API servers, some managed control planes in trouble).
   * A failure here is retried by the framework with the job's last known state.
   */
  private void deleted(SegmentationTrainingJob job, Context<SegmentationTrainingJob> context) {
    JobWorkload.Deleted deleted = JobWorkload.delete(context.getClient(), job, context.getSecondaryResources(Pod.class));
    poller.forget(ProgressSignal.key(job));
    enrichment.forget(job);
    log.info("{}/{}: deleted; deleted its {} pods and {} services", job.getMetadata().getNamespace(),
        job.getMetadata().getName(), deleted.pods(), deleted.services());
  }
}
