package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.EstimateStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.GoodputStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.tpu.PriceTable;
import dev.segtpu.tpu.TpuSlices;
import java.time.Instant;
import java.util.Optional;

/**
 * The figures that follow the clock rather than events: cost so far and projected, goodput. The last
 * part of the decide step: {@link GangDecider} asks for them once the lifecycle rules have decided the
 * status (the figures depend on it: an attempt that ends now is closed in the ledger and the goodput
 * split), and puts them into that status before the decision is frozen. Implementations are pure: they
 * derive everything from the input, which is theirs to read, and return new values.
 *
 * <p>The budget rules read the cost of the status as last written: a reconciliation stops a gang for
 * its spending on the figures the previous write recorded, as the user saw them.
 */
@FunctionalInterface
public interface Figures {

  /**
   * @param job the job as read (its status is the one last written)
   * @param spec the effective spec
   * @param slices the TPU slices: the job pays for every one
   * @param gang the observed gang; {@code decided.endedAttempt >= gang.attempt()} when this
   *     reconciliation ended the active attempt, and {@code decided.attempt > gang.attempt()} when it starts one
   * @param report the current attempt's latest trainer report, if any
   * @param previous the status as last written
   * @param decided a copy of the status the lifecycle rules decided (cost and goodput still the previous ones)
   */
  record Input(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, TpuSlices slices, GangView gang,
               Optional<StatusDocument> report, SegmentationTrainingJobStatus previous,
               SegmentationTrainingJobStatus decided, Instant now) {}

  /**
   * What goes into the decided status's {@code cost}, {@code goodput} and {@code estimate}; a null
   * estimate keeps the one the status has.
   */
  record Values(CostStatus cost, GoodputStatus goodput, EstimateStatus estimate) {

    /** Cost and goodput only: the status keeps its estimate. */
    public Values(CostStatus cost, GoodputStatus goodput) {
      this(cost, goodput, null);
    }
  }

  Values of(Input input);

  /** The price table the cost comes from, to be named on /metrics; none when nothing is priced. */
  default Optional<PriceTable> priceTable() {
    return Optional.empty();
  }

  /** No figures of its own: the status keeps the cost and goodput last written (tests of the lifecycle alone). */
  Figures UNCHANGED = in -> new Values(in.decided().cost, in.decided().goodput);
}
