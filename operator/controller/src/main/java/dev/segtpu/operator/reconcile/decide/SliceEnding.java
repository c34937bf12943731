package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.operator.gang.EndingKind;
import dev.segtpu.operator.gang.GangEnding;
import dev.segtpu.operator.gang.PodEnding;
import dev.segtpu.tpu.TpuSlices;

/**
 * Which slice an attempt's ending came from, for jobs of several slices. Any slice's ending ends the
 * attempt of all of them, so the user needs to know which slice went: the recorded ending, its condition
 * and its event say "slice 1 of 2 lost: ..." for a preemption and "slice 1 of 2: ..." otherwise. A job of
 * one slice, and an ending no single worker decided (all succeeded, a stop), read as before.
 */
final class SliceEnding {

  private SliceEnding() {}

  static PodEnding name(GangEnding ending, TpuSlices slices) {
    PodEnding cause = ending.cause();
    if (!slices.multislice() || ending.worker() < 0 || ending.worker() >= slices.workers()) {
      return cause;
    }
    String slice = "slice " + slices.sliceOf(ending.worker()) + " of " + slices.count();
    String prefix = cause.kind() == EndingKind.PREEMPTED ? slice + " lost: " : slice + ": ";
    return PodEnding.of(cause.kind(), cause.reason(), prefix + cause.message());
  }
}
