package dev.segtpu.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.deeplab.BackboneKind;
import dev.segtpu.trainer.model.deeplab.DeepLabSpec;
import dev.segtpu.trainer.model.deeplab.DeepLabV3Plus;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class RecomputePolicyTest {

  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;
  static final LongSupplier NOT_ASKED = () -> {
    throw new AssertionError("the footprint is only estimated under auto");
  };

  @Test
  void trueAndFalseDecideWithoutEstimating() {
    assertThat(RecomputePolicy.ALWAYS.choose(NOT_ASKED).recompute()).isTrue();
    assertThat(RecomputePolicy.NEVER.choose(NOT_ASKED).recompute()).isFalse();
  }

  @Test
  void autoKeepsWhatFitsOneGib() {
    assertThat(RecomputePolicy.AUTO.choose(() -> 146 * MIB).recompute()).isFalse();
    assertThat(RecomputePolicy.AUTO.choose(() -> GIB).recompute()).as("exactly the budget fits").isFalse();
    assertThat(RecomputePolicy.AUTO.choose(() -> GIB + 1).recompute()).isTrue();
    assertThat(RecomputePolicy.AUTO.choose(() -> 4725 * MIB).reason())
        .isEqualTo("recomputed (SEGTPU_RECOMPUTE=auto: 4725 MiB of forward outputs exceed the 1024 MiB budget)");
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
   */
  @Test
  void theFootprintScalesWithTheBatchAndTheCrop() {
    DeepLabV3Plus model = new DeepLabV3Plus(DeepLabSpec.published(BackboneKind.MOBILENETV2, 21, 16));
    long b2 = ActivationFootprint.forwardOutputBytes(model, TrainingShape.square(2, 64), 0.997f, Activations.PUBLISHED);
    long b4 = ActivationFootprint.forwardOutputBytes(model, TrainingShape.square(4, 64), 0.997f, Activations.PUBLISHED);
    long side128 = ActivationFootprint.forwardOutputBytes(model, TrainingShape.square(2, 128), 0.997f, Activations.PUBLISHED);
    assertThat((double) b4 / b2).isBetween(1.98, 2.02);
    assertThat((double) side128 / b2).isBetween(3.8, 4.2);
    long logits = 2L * 64 * 64 * 21 * Float.BYTES;
    long stem = 2L * 32 * 32 * 32 * Float.BYTES;
    assertThat(b2).isGreaterThan(logits + stem);
  }
}
