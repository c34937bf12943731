package dev.segtpu.api.tolerant;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.segtpu.api.SegmentationTrainingJobSpec;

/**
 * A spec that could not be read into the operator's types. It keeps the stored JSON and writes it back
 * unchanged (a status write sends the whole object), so reading it never loses what the user wrote.
 * A spec nested deeper than the JSON reader reads is not kept and is written as null; the operator
 * writes a job only through its status subresource, where the API server keeps the stored spec.
 */
public final class UnreadableSpec extends SegmentationTrainingJobSpec {

  private final JsonNode stored;
  private final ReadProblem problem;

  public UnreadableSpec(JsonNode stored, ReadProblem problem) {
    this.stored = stored;
    this.problem = problem;
  }

  public ReadProblem problem() {
    return problem;
  }

  @JsonValue
  JsonNode stored() {
    return stored;
  }
}
