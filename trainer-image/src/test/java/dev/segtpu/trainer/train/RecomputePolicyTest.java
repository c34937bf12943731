package dev.segtpu.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.deeplab.BackboneKind;
import dev.segtpu.trainer.model.deeplab.DeepLabSpec;
import dev.segtpu.trainer.model.deeplab.DeepLabV3Plus;
import dev.segtpu.trainer.train.ActivationFootprint.SegmentCost;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecomputePolicyTest {

  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;
  static final Supplier<ActivationFootprint> NOT_ASKED = () -> {
    throw new AssertionError("the footprint is only estimated under auto");
  };

  @Test
  void trueAndFalseDecideWithoutEstimating() {
    assertThat(RecomputePolicy.ALWAYS.choose(NOT_ASKED).recomputation()).isEqualTo(Recomputation.ALL);
    assertThat(RecomputePolicy.NEVER.choose(NOT_ASKED).recomputation()).isEqualTo(Recomputation.NONE);
  }

  @Test
  void autoKeepsEverythingWhenItFitsOneGib() {
    List<SegmentCost> segments = List.of(new SegmentCost(100 * MIB, 1_000_000));
    assertThat(auto(146 * MIB, segments).recomputation()).isEqualTo(Recomputation.NONE);
    assertThat(auto(GIB, segments).recomputation()).as("exactly the budget fits").isEqualTo(Recomputation.NONE);
    assertThat(auto(GIB + 1, segments).recomputation()).isEqualTo(Recomputation.ALL);
  }

  @Test
  void aModelWithoutSegmentsKeepsWhatItMust() {
    RecomputePolicy.Choice choice = auto(2819 * MIB, List.of());
    assertThat(choice.recomputation()).isEqualTo(Recomputation.NONE);
    assertThat(choice.reason()).isEqualTo("kept (SEGTPU_RECOMPUTE=auto: 2819 MiB of forward outputs exceed the 1024 MiB budget,"
        + " but the model has no segments to recompute)");
  }

  /**
   * 524 MiB stay whatever is recomputed, which leaves 500 MiB: the two segments that spare 8.9 GFLOP
   * together are kept, not the one with the most FLOPs per byte (6 GFLOP in 300 MiB), after which neither
   * of the others would fit.
   */
  @Test
  void autoKeepsTheSegmentsThatSpareTheMostFlopsWithinTheBudget() {
    List<SegmentCost> segments = List.of(
        new SegmentCost(1500 * MIB, 1_000_000_000L),
        new SegmentCost(300 * MIB, 6_000_000_000L),
        new SegmentCost(250 * MIB, 4_500_000_000L),
        new SegmentCost(250 * MIB, 4_400_000_000L));
    RecomputePolicy.Choice choice = auto(2824 * MIB, segments);
    assertThat(choice.recomputation()).isEqualTo(Recomputation.of(Set.of(0, 1)));
    assertThat(choice.reason()).isEqualTo("recomputed in 2 of 4 segments (SEGTPU_RECOMPUTE=auto: 2824 MiB of forward outputs"
        + " exceed the 1024 MiB budget; 1024 MiB kept)");
  }

  @Test
  void autoRecomputesEverySegmentWhenNoneFits() {
    List<SegmentCost> segments = List.of(new SegmentCost(2 * GIB, 1_000_000), new SegmentCost(300 * MIB, 5_000_000));
    assertThat(auto(4 * GIB, segments).recomputation()).as("1748 MiB stay even then")
        .isEqualTo(Recomputation.ALL);
  }

  @Test
  void onlyTheThreeWordsParse() {
    assertThat(RecomputePolicy.parse("auto")).isEqualTo(RecomputePolicy.AUTO);
    assertThat(RecomputePolicy.parse("true")).isEqualTo(RecomputePolicy.ALWAYS);
    assertThat(RecomputePolicy.parse("false")).isEqualTo(RecomputePolicy.NEVER);
    assertThatThrownBy(() -> RecomputePolicy.parse("yes")).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The footprint counts what depends on the batch: it doubles with the batch, quadruples with twice
   * the side, and holds at least the logits and the stride-2 stem's output, counted here from shapes.
   * Recomputing every segment spares most of it (what stays is the segments' outputs and the head).
   */
  @Test
  void theFootprintScalesWithTheBatchAndTheCrop() {
    DeepLabV3Plus model = new DeepLabV3Plus(DeepLabSpec.published(BackboneKind.MOBILENETV2, 21, 16));
    ActivationFootprint b2 = ActivationFootprint.of(model, TrainingShape.square(2, 64), 0.997f, Activations.PUBLISHED);
    long b4 = ActivationFootprint.of(model, TrainingShape.square(4, 64), 0.997f, Activations.PUBLISHED).totalBytes();
    long side128 = ActivationFootprint.of(model, TrainingShape.square(2, 128), 0.997f, Activations.PUBLISHED).totalBytes();
    assertThat((double) b4 / b2.totalBytes()).isBetween(1.98, 2.02);
    assertThat((double) side128 / b2.totalBytes()).isBetween(3.8, 4.2);
    long logits = 2L * 64 * 64 * 21 * Float.BYTES;
    long stem = 2L * 32 * 32 * 32 * Float.BYTES;
    assertThat(b2.totalBytes()).isGreaterThan(logits + stem);
    assertThat(b2.segments()).as("stem, 17 blocks, ASPP, decoder in two").hasSize(21)
        .allSatisfy(s -> assertThat(s.interiorBytes()).isPositive())
        .allSatisfy(s -> assertThat(s.forwardFlops()).isPositive());
    assertThat(b2.keptBytes(Recomputation.ALL)).isBetween(logits + stem, b2.totalBytes() / 4);
  }

  private static RecomputePolicy.Choice auto(long total, List<SegmentCost> segments) {
    return RecomputePolicy.AUTO.choose(() -> new ActivationFootprint(total, segments));
  }
}
