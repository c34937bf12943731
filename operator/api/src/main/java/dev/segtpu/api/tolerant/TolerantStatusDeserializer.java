package dev.segtpu.api.tolerant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import java.io.IOException;

/** Reads {@code status} with {@link TolerantReader}: a value, or an {@link UnreadableStatus}; never an exception. */
public final class TolerantStatusDeserializer extends JsonDeserializer<SegmentationTrainingJobStatus> {

  @Override
  public SegmentationTrainingJobStatus deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    TolerantReader.Result<SegmentationTrainingJobStatus> result =
        TolerantReader.read(parser, SegmentationTrainingJobStatus.class, "status");
    return result.value() == null ? new UnreadableStatus(result.stored(), result.problem()) : result.value();
  }
}
