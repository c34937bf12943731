package dev.segtpu.trainer.input.voc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.dataset.SyntheticShards;
import dev.segtpu.trainer.input.SegmentationExample;
import dev.segtpu.trainer.input.tfrecord.TfRecordFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.proto.Example;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/** Our writer and decoder against TensorFlow's own TFRecord reader (the V1 op) and image decoders. */
class TensorFlowCompatibilityTest {

  private static final int CLASSES = 21;

  @TempDir
  Path dir;

  @Test
  void tensorFlowReadsOurRecordsAndDecodesPixelsOursDecodesAlike() throws Exception {
    SyntheticShards.write(dir, 3, 1, 48, 64, CLASSES, "jpeg");
    Path shard = dir.resolve("train-00000-of-00001.tfrecord");

    List<byte[]> tensorFlowRecords = readWithTensorFlow(shard);

    try (TfRecordFile ours = TfRecordFile.open(shard);
         VocTfRecordDataset dataset = VocTfRecordDataset.open(dir, "*.tfrecord", CLASSES)) {
      assertThat(tensorFlowRecords).hasSize(ours.recordCount());
      for (int i = 0; i < ours.recordCount(); i++) {
        assertThat(tensorFlowRecords.get(i)).isEqualTo(ours.read(i));
        Map<String, org.tensorflow.proto.Feature> features =
            Example.parseFrom(ours.read(i)).getFeatures().getFeatureMap();
        byte[] tfImage = decodeWithTensorFlow(
            features.get(VocFeatureKeys.IMAGE_ENCODED).getBytesList().getValue(0).toByteArray(), true);
        byte[] tfLabels = decodeWithTensorFlow(
            features.get(VocFeatureKeys.LABEL_ENCODED).getBytesList().getValue(0).toByteArray(), false);
        SegmentationExample decoded = dataset.example(i);

        assertThat(decoded.labels()).isEqualTo(tfLabels);
        // ImageIO's JPEG decoder is not libjpeg-turbo: allow small per-pixel differences, no more.
        int maxDifference = 0;
        for (int p = 0; p < tfImage.length; p++) {
          maxDifference = Math.max(maxDifference, Math.abs((tfImage[p] & 0xff) - (decoded.rgb()[p] & 0xff)));
        }
        assertThat(maxDifference).isLessThanOrEqualTo(8);
      }
    }
  }

  /** Every record of {@code file} through TFRecordDataset (V1, built by name: the V2 op fails in TF Java). */
  private static List<byte[]> readWithTensorFlow(Path file) {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Operand<TString> files = tf.constant(file.toString());
      Operand<?> dataset = graph.opBuilder("TFRecordDataset", "records", tf.scope())
          .addInput(files.asOutput())
          .addInput(tf.constant("").asOutput())
          .addInput(tf.constant(0L).asOutput())
          .build().output(0);
      List<Class<? extends TType>> types = List.of(TString.class);
      List<Shape> shapes = List.of(Shape.scalar());
      var iterator = tf.data.iterator("", "", types, shapes);
      var makeIterator = tf.data.makeIterator((Operand<? extends TType>) dataset, iterator);
      var next = tf.data.iteratorGetNext(iterator, types, shapes);
      session.run(makeIterator);
      List<byte[]> records = new ArrayList<>();
      while (true) {
        try (Result result = session.runner().fetch(next.components().get(0)).run()) {
          records.add(((TString) result.get(0)).asBytes().getObject());
        } catch (TFOutOfRangeException end) {
          return records;
        }
      }
    }
  }

  private static byte[] decodeWithTensorFlow(byte[] encoded, boolean jpegRgb) {
    try (Graph graph = new Graph(); Session session = new Session(graph);
         TString input = TString.tensorOfBytes(NdArrays.scalarOfObject(encoded))) {
      Ops tf = Ops.create(graph);
      var placeholder = tf.placeholder(TString.class);
      Operand<TUint8> pixels = jpegRgb
          ? tf.image.decodeJpeg(placeholder, DecodeJpeg.channels(3L))
          : tf.image.decodePng(placeholder, TUint8.class);
      try (Result result = session.runner().feed(placeholder, input).fetch(pixels).run();
           Tensor tensor = result.get(0)) {
        TUint8 values = (TUint8) tensor;
        byte[] bytes = new byte[(int) values.size()];
        values.asRawTensor().data().read(bytes);
        return bytes;
      }
    }
  }
}
