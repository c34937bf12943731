package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailurePolicySpec {

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Trainer failures (non-zero exit, OOMKilled) tolerated before the job fails; restarts back off exponentially. Preemptions do not count. Default 3.")
  public Integer backoffLimit;

  @JsonPropertyDescription("Exit codes that mean 'restart from the checkpoint without counting a failure' (xpk uses 42). Each in 1..255.")
  @Size(max = SpecLimits.MAX_LIST_ITEMS)
  @ValidationRule(value = "self.all(c, c >= 1 && c <= 255)",
      message = "every exit code must be in 1..255 (0 means success)")
  public List<Integer> retryableExitCodes;

  @Min(SpecLimits.MIN_UNSCHEDULABLE_TIMEOUT_SECONDS)
  @Max(SpecLimits.MAX_SECONDS)
  @JsonPropertyDescription("Seconds a worker may stay unschedulable before the job fails with reason Unschedulable. Default 900.")
  public Integer unschedulableTimeoutSeconds;

  @JsonPropertyDescription("When a trainer whose step counter stopped advancing is hung: the operator restarts its gang from the latest checkpoint, counted as a trainer failure. On by default.")
  public HangDetectionSpec hangDetection;

  /** {@code policy}, or one with every default when the spec has none: the defaults live only here. */
  public static FailurePolicySpec orDefaults(FailurePolicySpec policy) {
    return policy == null ? new FailurePolicySpec() : policy;
  }

  public int backoffLimitOrDefault() {
    return backoffLimit == null ? 3 : backoffLimit;
  }

  public HangDetectionSpec hangDetectionOrDefaults() {
    return HangDetectionSpec.orDefaults(hangDetection);
  }

  public int unschedulableTimeoutSecondsOrDefault() {
    return unschedulableTimeoutSeconds == null ? 900 : unschedulableTimeoutSeconds;
  }
}
