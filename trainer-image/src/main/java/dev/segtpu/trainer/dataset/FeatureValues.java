package dev.segtpu.trainer.dataset;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/** Builds tf.train.Feature values of the three kinds, for the encoders of every layout. */
final class FeatureValues {

  private FeatureValues() {}

  static Feature bytes(byte[] value) {
    return bytesList(List.of(value));
  }

  static Feature utf8(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_8));
  }

  static Feature bytesList(List<byte[]> values) {
    BytesList.Builder list = BytesList.newBuilder();
    values.forEach(value -> list.addValue(ByteString.copyFrom(value)));
    return Feature.newBuilder().setBytesList(list).build();
  }

  static Feature int64(long value) {
    return int64List(new long[] {value});
  }

  static Feature int64List(long[] values) {
    Int64List.Builder list = Int64List.newBuilder();
    for (long value : values) {
      list.addValue(value);
    }
    return Feature.newBuilder().setInt64List(list).build();
  }

  static Feature floatList(float[] values) {
    FloatList.Builder list = FloatList.newBuilder();
    for (float value : values) {
      list.addValue(value);
    }
    return Feature.newBuilder().setFloatList(list).build();
  }
}
