package dev.segtpu.trainer.train;

import dev.segtpu.contract.StatusDocument;
import dev.segtpu.trainer.eval.coco.CocoSummary;
import dev.segtpu.trainer.telemetry.TrainerTelemetry;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Mask R-CNN evaluation: COCO's twelve numbers for boxes and for masks over the evaluation images.
 *
 * @param detections detections made over all images (at most 100 per image)
 */
public record InstanceEvaluation(long step, CocoSummary box, CocoSummary mask, int images, long detections,
                                 double seconds) implements Evaluation {

  @Override
  public double value(String metric) {
    return switch (metric) {
      case StatusDocument.BOX_AP -> box.ap();
      case StatusDocument.MASK_AP -> mask.ap();
      default -> throw new IllegalArgumentException("Mask R-CNN evaluations measure " + StatusDocument.MASK_RCNN_METRICS
          + ", not '" + metric + "'");
    };
  }

  @Override
  public void report(TrainerTelemetry telemetry) {
    telemetry.evaluatedInstances(step, box.ap(), mask.ap(), box.ap50(), box.ap75(), seconds);
  }

  @Override
  public String describe() {
    return String.format("box AP %.4f (AP50 %.4f, AP75 %.4f) mask AP %.4f (AP50 %.4f) over %d images, %d detections, %.2f s",
        box.ap(), box.ap50(), box.ap75(), mask.ap(), mask.ap50(), images, detections, seconds);
  }

  /** The box and mask numbers in pycocotools' {@code stats} order; -1 where no ground truth counted. */
  @Override
  public Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("step", step);
    summary.put(StatusDocument.BOX_AP, box.ap());
    summary.put(StatusDocument.MASK_AP, mask.ap());
    summary.put("boxAP50", box.ap50());
    summary.put("boxAP75", box.ap75());
    summary.put("maskAP50", mask.ap50());
    summary.put("boxStats", Arrays.stream(box.stats()).boxed().toList());
    summary.put("maskStats", Arrays.stream(mask.stats()).boxed().toList());
    summary.put("images", images);
    summary.put("detections", detections);
    return summary;
  }
}
