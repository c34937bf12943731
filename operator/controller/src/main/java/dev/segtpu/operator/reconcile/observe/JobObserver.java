package dev.segtpu.operator.reconcile.observe;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.cleanup.JobWorkload;
import dev.segtpu.operator.gang.GangObserver;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.progress.FinalReport;
import dev.segtpu.operator.progress.ProgressSignal;
import dev.segtpu.operator.progress.TrainerStatusPoller;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.tpu.TpuSlices;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The observe step: the spec's verdict ({@link SpecGate}), the gang's pods ({@link GangObserver}), the
 * trainer's latest report and when this operator last wrote the status. Reads only; the pods come from
 * the informer's cache, and from the API server when a launched worker seems gone (see below).
 */
public final class JobObserver {

  private final SpecGate gate;
  private final TpuCatalog catalog;
  private final GangObserver gangs;
  private final TrainerStatusPoller poller;
  private final StatusWrites writes;

  public JobObserver(SpecGate gate, TpuCatalog catalog, GangObserver gangs, TrainerStatusPoller poller, StatusWrites writes) {
    this.gate = gate;
    this.catalog = catalog;
    this.gangs = gangs;
    this.poller = poller;
    this.writes = writes;
  }

  public Observation observe(SegmentationTrainingJob job, Context<SegmentationTrainingJob> context, Instant now) {
    SpecGate.Verdict verdict = gate.check(job);
    Optional<Instant> lastWrite = writes.last(ResourceID.fromResource(job));
    if (verdict.effective().isEmpty()) {
      return new Observation(job, verdict, Optional.empty(), lastWrite, List.of(), now);
    }
    SegmentationTrainingJobSpec spec = verdict.effective().get();
    TpuSlices slices = new TpuSlices(catalog.requireSlice(spec.tpu.generation, spec.tpu.topology), spec.tpu.slicesOrDefault());
    SegmentationTrainingJobStatus status = job.getStatus() == null ? new SegmentationTrainingJobStatus() : job.getStatus();
    GangView gang = gang(job, spec, status, slices, context, now);
    String key = ProgressSignal.key(job);
    Optional<StatusDocument> report = gang.active()
        ? FinalReport.of(gang).or(() -> poller.latest(key, gang.attempt()).map(TrainerStatusPoller.Observation::report))
        : Optional.empty();
    List<JobEvent> rejected = gang.active()
        ? poller.takeRejection(key, gang.attempt()).map(why -> List.of(JobEvent.warning(JobEvents.TRAINER_STATUS_REJECTED,
            "attempt " + gang.attempt() + ": " + why + "; it counts as no report"))).orElse(List.of())
        : List.of();
    return new Observation(job, verdict, Optional.of(new ObservedGang(spec, slices, gang, report)), lastWrite, rejected, now);
  }

  private GangView gang(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, SegmentationTrainingJobStatus status,
                        TpuSlices slices, Context<SegmentationTrainingJob> context, Instant now) {
    GangView gang = gangs.observe(spec, status, slices.workers(), context.getSecondaryResources(Pod.class), now);
    if (gang.active() && gang.launched() && !gang.missingWorkers().isEmpty()) {
      // A launched worker seems gone, which ends the attempt: confirm with the API server, not a cache that
      // may lag or be emptied while this replica shuts down.
      return gangs.observe(spec, status, slices.workers(), JobWorkload.livePods(context.getClient(), job), now);
    }
    return gang;
  }
}
