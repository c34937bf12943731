package dev.segtpu.api.tolerant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import java.io.IOException;

/** Reads {@code spec} with {@link TolerantReader}: a value, or an {@link UnreadableSpec}; never an exception. */
public final class TolerantSpecDeserializer extends JsonDeserializer<SegmentationTrainingJobSpec> {

  @Override
  public SegmentationTrainingJobSpec deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    TolerantReader.Result<SegmentationTrainingJobSpec> result =
        TolerantReader.read(parser, SegmentationTrainingJobSpec.class, "spec");
    if (result.value() == null) {
      return new UnreadableSpec(result.stored(), result.problem());
    }
    result.value().unknownFields(result.unknownFields());
    return result.value();
  }
}
