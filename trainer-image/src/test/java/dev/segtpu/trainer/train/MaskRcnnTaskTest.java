package dev.segtpu.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.input.DataPosition;
import dev.segtpu.trainer.input.InputSpec;
import dev.segtpu.trainer.input.Shard;
import dev.segtpu.trainer.model.deeplab.BackboneKind;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnGraph;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnSpec;
import org.junit.jupiter.api.Test;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/** Mask R-CNN's two-run training step on a tiny network, in one process. */
class MaskRcnnTaskTest {

  static final MaskRcnnSpec TINY = new MaskRcnnSpec(BackboneKind.RESNET50, 4, 0.125, 1, 16, 32, 16, 8, 0.9f);

  static MaskRcnnTask task(int examples) {
    InputSpec input = InputSpec.synthetic(examples, 64, 64, 2, 17, TINY.numClasses());
    return new MaskRcnnTask(new MaskRcnnGraph(TINY, 2, 64, new MomentumSgd(0.9, 1e-4), 17, Replicas.SINGLE), input, input);
  }

  /** Each step's loss from a fresh start, training at {@code rate}. */
  static float[] train(int examples, int steps, float rate) throws Exception {
    try (MaskRcnnTask task = task(examples);
         Session session = SessionSettings.open(task.graph().graph());
         TrainingTask.StepBatches batches = task.training(DataPosition.START, Shard.WHOLE)) {
      session.forceInitialize();
      MaskRcnnGraph graph = task.graph();
      float[] losses = new float[steps];
      for (int s = 0; s < steps; s++) {
        try (TrainingTask.StepBatch batch = batches.next(); TFloat32 learningRate = TFloat32.scalarOf(rate)) {
          Session.Runner runner = batch.feed(session, session.runner()).feed(graph.learningRate(), learningRate)
              .addTarget(graph.trainStep()).fetch(graph.loss());
          try (var result = runner.run()) {
            losses[s] = ((TFloat32) result.get(0)).getFloat();
          }
        }
      }
      return losses;
    }
  }

  @Test
  void theLossFallsWhileTheSameTwoImagesAreTrainedOn() throws Exception {
    float[] losses = train(2, 30, 0.005f);
    for (float loss : losses) {
      assertThat(loss).isFinite();
    }
    double first = (losses[0] + losses[1] + losses[2]) / 3;
    double last = (losses[27] + losses[28] + losses[29]) / 3;
    assertThat(last).as("mean of the last three steps against the first three: %s", java.util.Arrays.toString(losses))
        .isLessThan(0.6 * first);
  }

  /**
   * Exact resume rests on this: with the trainer's environment ({@code TF_DETERMINISTIC_OPS=1}, which surefire sets
   * as the image does) every step of two runs from the same start is bit-identical, proposals and sampling included.
   * Without it CropAndResize's image gradient adds the RoIs of several threads into the same features in a varying
   * order, and a proposal ranked differently by one ulp changes the RoIs sampled.
   */
  @Test
  void twoRunsFromTheSameStartTakeBitIdenticalSteps() throws Exception {
    float[] a = train(6, 6, 0.005f);
    float[] b = train(6, 6, 0.005f);
    assertThat(b).containsExactly(a);
  }
}
