package dev.segtpu.api.tolerant;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.segtpu.api.SegmentationTrainingJobStatus;

/**
 * A status that could not be read into the operator's types (hand-edited, or written by another
 * version). The operator's memory of the job (attempt, fencing, ledger) is in it, so the operator does
 * not act on such a job and does not overwrite it: it reports the field and waits for a fix.
 */
public final class UnreadableStatus extends SegmentationTrainingJobStatus {

  private final JsonNode stored;
  private final ReadProblem problem;

  public UnreadableStatus(JsonNode stored, ReadProblem problem) {
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
