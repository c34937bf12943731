package dev.segtpu.operator.reconcile.observe;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.status.JobEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one reconciliation looks at, read once before anything is decided.
 *
 * @param job the job as read from the cache (its status is the one last written)
 * @param verdict whether the spec is valid, and the effective spec
 * @param gang the slice, pods and trainer report; empty when the spec never passed validation
 * @param lastStatusWrite when this operator last wrote the job's status, if it remembers
 * @param rejectedReports warnings about trainer answers the operator refused since the last reconciliation
 * @param now the clock, read once
 */
public record Observation(SegmentationTrainingJob job, SpecGate.Verdict verdict, Optional<ObservedGang> gang,
                          Optional<Instant> lastStatusWrite, List<JobEvent> rejectedReports, Instant now) {

  public Observation {
    rejectedReports = List.copyOf(rejectedReports);
  }
}
