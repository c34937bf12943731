package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.ParameterStore;
import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class RpnHeadTest {

  private static final int BATCH = 2;

  @Test
  void eachLevelOfASixtyFourPixelImageGivesOneLogitAndFourDeltasPerAnchorOfThatLevel() {
    Anchors anchors = Anchors.forImage(64, 64);
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      RpnHead.Outputs outputs = new RpnHead()
          .build(new Layers(tf, new ParameterStore(tf, 1), Mode.TRAINING, 0.99f), RpnFixtures.pyramid(tf, BATCH, 64, 8));
      assertThat(outputs.scores().keySet()).containsExactly(2, 3, 4, 5, 6);
      for (AnchorLevel level : anchors.levels()) {
        Shape grid = Shape.of(BATCH, level.gridHeight(), level.gridWidth(), level.anchorsPerLocation());
        try (TFloat32 scores = fetch(session, outputs.scores().get(level.level()));
             TFloat32 boxes = fetch(session, outputs.boxes().get(level.level()))) {
          assertThat(scores.shape()).isEqualTo(grid);
          assertThat(boxes.shape()).isEqualTo(Shape.of(BATCH, level.gridHeight(), level.gridWidth(), 4L * level.anchorsPerLocation()));
          assertThat(scores.shape().size() / BATCH).isEqualTo(level.count());
        }
      }
    }
  }

  @Test
  void allLevelsShareOneSetOfSixVariables() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(tf, 1);
      NavigableMap<Integer, Operand<TFloat32>> pyramid = RpnFixtures.pyramid(tf, 1, 64, 8);
      new RpnHead(16).build(new Layers(tf, store, Mode.TRAINING, 0.99f), pyramid);
      assertThat(store.trainable()).extracting(Parameter::name).containsExactly(
          "rpn_head/rpn/weights", "rpn_head/rpn/biases", "rpn_head/rpn-class/weights", "rpn_head/rpn-class/biases",
          "rpn_head/rpn-box/weights", "rpn_head/rpn-box/biases");
      assertThat(store.trainable()).extracting(Parameter::shape).containsExactly(
          Shape.of(3, 3, 8, 16), Shape.of(16), Shape.of(1, 1, 16, 3), Shape.of(3), Shape.of(1, 1, 16, 12), Shape.of(12));
    }
  }

  private static TFloat32 fetch(Session session, Operand<TFloat32> output) {
    return (TFloat32) session.runner().fetch(output).run().get(0);
  }
}
