package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.schedule == 'stepwise' || (!has(self.boundaries) && !has(self.multipliers))",
    message = "boundaries and multipliers belong to the stepwise schedule; remove them or set schedule: stepwise",
    fieldPath = ".boundaries")
@ValidationRule(value = "!has(self.boundaries) || (has(self.multipliers) && size(self.multipliers) == size(self.boundaries))",
    message = "multipliers must have one entry per boundary",
    fieldPath = ".multipliers")
public class LearningRateSpec {

  @JsonPropertyDescription("poly (DeepLab reference) or stepwise with warm-up (Mask R-CNN reference). Default poly.")
  public LearningRateSchedule schedule;

  @Min(0)
  @Max(10)
  @JsonPropertyDescription("Base learning rate (DeepLab reference 0.01; Mask R-CNN v3-8 reference 0.08).")
  public Double base;

  @Min(0)
  @Max(10)
  @JsonPropertyDescription("poly: the exponent. Default 0.9.")
  public Double power;

  @Min(0)
  @Max(SpecLimits.MAX_STEPS)
  @JsonPropertyDescription("Linear warm-up steps before the schedule (Mask R-CNN reference: 500).")
  public Long warmupSteps;

  @Min(0)
  @Max(10)
  @JsonPropertyDescription("Learning rate at step 0 of the warm-up (Mask R-CNN reference: 0.0067).")
  public Double warmupLearningRate;

  @JsonPropertyDescription("stepwise: steps at which the rate changes, strictly increasing (Mask R-CNN reference: 15000, 20000).")
  @Size(max = SpecLimits.MAX_SCHEDULE_BOUNDARIES)
  @ValidationRule(value = "self.all(b, b >= 1 && b <= 1000000000)", message = "every boundary must be a step in 1..1000000000")
  public List<Long> boundaries;

  @JsonPropertyDescription("stepwise: the rate after each boundary as a multiple of base (Mask R-CNN reference: 0.1, 0.01).")
  @Size(max = SpecLimits.MAX_SCHEDULE_BOUNDARIES)
  @ValidationRule(value = "self.all(m, m >= 0.0 && m <= 10.0)", message = "every multiplier must be in 0..10")
  public List<Double> multipliers;

  public LearningRateSchedule scheduleOrDefault() {
    return schedule == null ? LearningRateSchedule.POLY : schedule;
  }
}
