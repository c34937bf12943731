package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.segtpu.contract.StatusDocument;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * Stop training when the evaluation metric stops improving, as Keras' EarlyStopping: after
 * {@code patience} evaluations in a row that do not beat the best by more than {@code minDelta}. The job
 * then succeeds with reason EarlyStopped, exporting its best checkpoint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EarlyStoppingSpec {

  public static final int DEFAULT_PATIENCE = 3;

  @Required
  @Pattern(StatusDocument.METRIC_PATTERN)
  @JsonPropertyDescription("The evaluation metric followed, higher is better: meanIoU or pixelAccuracy for deeplabv3plus, maskAP or boxAP for maskrcnn.")
  public String metric;

  @Min(1)
  @Max(1_000_000)
  @JsonPropertyDescription("Evaluations in a row (every spec.training.evalIntervalSteps) without an improvement before training stops. Default 3.")
  public Integer patience;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription("The least rise of the metric over the best so far that counts as an improvement. Default 0.")
  public Double minDelta;

  public int patienceOrDefault() {
    return patience == null ? DEFAULT_PATIENCE : patience;
  }

  /** The metrics an architecture's evaluation reports (the contract's), higher is better. */
  public static List<String> metricsOf(Architecture architecture) {
    return architecture == Architecture.MASK_RCNN ? StatusDocument.MASK_RCNN_METRICS : StatusDocument.METRICS;
  }
}
