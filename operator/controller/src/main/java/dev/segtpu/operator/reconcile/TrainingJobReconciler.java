package dev.segtpu.operator.reconcile;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.tolerant.UnreadableStatus;
import dev.segtpu.operator.cleanup.JobWorkload;
import dev.segtpu.operator.metrics.JobMetrics;
import dev.segtpu.operator.progress.ProgressSignal;
import dev.segtpu.operator.progress.TrainerStatusPoller;
import dev.segtpu.operator.reconcile.act.Acted;
import dev.segtpu.operator.reconcile.act.GangActuator;
import dev.segtpu.operator.reconcile.act.StatusConflict;
import dev.segtpu.operator.reconcile.decide.Decision;
import dev.segtpu.operator.reconcile.decide.GangDecider;
import dev.segtpu.operator.reconcile.observe.JobObserver;
import dev.segtpu.operator.reconcile.observe.Observation;
import dev.segtpu.operator.reconcile.observe.ObservedGang;
import dev.segtpu.operator.reconcile.observe.StatusWrites;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@link SegmentationTrainingJob} into a gang of TPU worker pods, in steps that each hand
 * their result to the next: observe ({@link JobObserver}: spec verdict, pods, trainer report) → decide
 * ({@link GangDecider}: pure, an immutable {@link Decision} with the cost and goodput and whether to
 * write the status) → act ({@link GangActuator}: the writes, in the order {@link Decision} documents;
 * returns what it wrote) → publish ({@link JobMetrics}: the series of the status as written) → ask the
 * running trainer for its next report. Everything
 * it decides is derived from the job and its pods, so any replica that wins the leader election can take
 * over at any moment.
 */
// Every event, deletions included: the job carries no finalizer (see the cleanup package), so its
// deletion is seen here, once, and never waits for an operator that is down.
@ControllerConfiguration(name = TrainingJobReconciler.NAME, triggerReconcilerOnAllEvents = true)
public class TrainingJobReconciler implements Reconciler<SegmentationTrainingJob> {

  public static final String NAME = "segmentationtrainingjob";
  public static final String PODS_BY_NODE = "pods-by-node";

  private static final Logger log = LoggerFactory.getLogger(TrainingJobReconciler.class);

  private final JobObserver observer;
  private final GangDecider decider;
  private final GangActuator actuator;
  private final JobMetrics metrics;
  private final StatusWrites statusWrites;
  private final TrainerStatusPoller poller;
  private final ProgressSignal progressSignal = new ProgressSignal();
  private final RecreationSignal recreations;
  private final List<Extra> extraSources = new ArrayList<>();
  private final int statusPort;
  private final Clock clock;
  private final Duration conflictRetry;

  /** Event sources added by the wiring (e.g. the node watch), given the pod informer. */
  public interface Extra {
    EventSource<?, SegmentationTrainingJob> create(EventSourceContext<SegmentationTrainingJob> context,
                                                   InformerEventSource<Pod, SegmentationTrainingJob> pods);
  }

  /**
   * @param statusWrites read by {@code observer}; recorded here once the act step wrote a status
   * @param poller the trainers' status, asked again while an attempt runs
   */
  public TrainingJobReconciler(JobObserver observer, GangDecider decider, GangActuator actuator, JobMetrics metrics,
                               StatusWrites statusWrites, TrainerStatusPoller poller, int statusPort, Clock clock,
                               Duration conflictRetry) {
    this.observer = observer;
    this.decider = decider;
    this.actuator = actuator;
    this.metrics = metrics;
    this.statusWrites = statusWrites;
    this.poller = poller;
    this.statusPort = statusPort;
    this.clock = clock;
    this.conflictRetry = conflictRetry;
    this.recreations = new RecreationSignal(clock);
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
    sources.add(recreations);
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
    recreations.reconciled(job);
    if (job.getStatus() instanceof UnreadableStatus unreadable) {
      unreadable(job, unreadable);
      return UpdateControl.noUpdate();
    }
    Observation seen = observer.observe(job, context, clock.instant());
    Decision decision = decider.decide(seen);
    Acted acted;
    try {
      acted = actuator.apply(job, decision, context);
      actuator.report(job, seen.rejectedReports());
    } catch (StatusConflict conflict) {
      log.debug(conflict.getMessage());
      return UpdateControl.<SegmentationTrainingJob>noUpdate().rescheduleAfter(conflictRetry);
    }
    remember(job, acted);
    publish(seen, acted);
    askTrainer(seen, decision);
    return lookAgain(decision, acted);
  }

  /**
   * The status is the operator's memory of the job (attempt, fencing, ledger): without it any decision
   * could double-count or un-fence, and writing a new one would destroy what the user may want to fix.
   */
  private void unreadable(SegmentationTrainingJob job, UnreadableStatus unreadable) {
    log.warn("{}/{}: status unreadable ({}); not reconciling it", job.getMetadata().getNamespace(),
        job.getMetadata().getName(), unreadable.problem());
    actuator.report(job, List.of(JobEvent.warning(JobEvents.UNREADABLE_STATUS, unreadable.problem()
        + ": the operator cannot read this job's status and leaves the job alone; fix the value "
        + "(kubectl edit --subresource=status) or delete and re-create the job")));
  }

  /** While the attempt goes on, its reporting worker is asked for its status; the answer triggers a reconciliation. */
  private void askTrainer(Observation seen, Decision decision) {
    seen.gang().map(ObservedGang::view)
        .filter(gang -> gang.active() && !decision.endsAttempt(gang.attempt()))
        .ifPresent(gang -> gang.reportingWorker().ifPresent(worker ->
            poller.refresh(ProgressSignal.key(seen.job()), gang.attempt(), worker.podIp(), statusPort)));
  }

  /** When this operator wrote the status: a status that differs only in clock-driven figures waits a refresh period. */
  private void remember(SegmentationTrainingJob job, Acted acted) {
    if (acted.statusWritten().isPresent()) {
      statusWrites.written(ResourceID.fromResource(job), clock.instant());
    }
  }

  /** The job's series, from the status the API server now holds: the one just written, else the one read. */
  private void publish(Observation seen, Acted acted) {
    Optional<SegmentationTrainingJobStatus> stored = acted.statusWritten().or(() -> Optional.ofNullable(seen.job().getStatus()));
    seen.gang().ifPresent(gang -> stored.ifPresent(status -> metrics.observe(seen.job(), gang.spec(), status)));
  }

  private static UpdateControl<SegmentationTrainingJob> lookAgain(Decision decision, Acted acted) {
    if (acted.retryCreation().isPresent()) {
      return UpdateControl.<SegmentationTrainingJob>noUpdate().rescheduleAfter(acted.retryCreation().get());
    }
    return decision.requeueAfter()
        .map(wait -> UpdateControl.<SegmentationTrainingJob>noUpdate().rescheduleAfter(wait.isZero() ? Duration.ofMillis(1) : wait))
        .orElseGet(UpdateControl::noUpdate);
  }

  /**
   * Deleting a job deletes its pods and Service explicitly: owner references let the garbage collector
   * do it too, but it does not run everywhere (test API servers, some managed control planes in trouble).
   * A failure here is retried by the framework with the job's last known state.
   */
  private void deleted(SegmentationTrainingJob job, Context<SegmentationTrainingJob> context) {
    JobWorkload.Deleted deleted = JobWorkload.delete(context.getClient(), job, context.getSecondaryResources(Pod.class));
    poller.forget(ProgressSignal.key(job));
    metrics.remove(job);
    log.info("{}/{}: deleted; deleted its {} pods and {} services", job.getMetadata().getNamespace(),
        job.getMetadata().getName(), deleted.pods(), deleted.services());
  }
}
