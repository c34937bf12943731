package dev.segtpu.api.validation;

import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

final class TrainerRules implements SpecRule {

  static final String TPU_RESOURCE = "google.com/tpu";

  @Override
  public void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    TrainerSpec trainer = spec.trainer;
    if (trainer == null) {
      return;
    }
    if (trainer.image != null && trainer.image.isBlank()) {
      errors.add("spec.trainer.image", "is empty; remove it to use the operator's default trainer image");
    }
    List<String> args = trainer.args == null ? List.of() : trainer.args;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg == null) {
        errors.add("spec.trainer.args[" + i + "]", "is null; remove it");
        continue;
      }
      for (String variable : TrainerContract.reservedEnvironment()) {
        String flag = TrainerContract.flagOf(variable);
        if (arg.equals(flag) || arg.startsWith(flag + "=")) {
          errors.add("spec.trainer.args[" + i + "]", flag + " would override " + variable + ", which the operator sets "
              + "(the trainer contract; the attempt is the checkpoints' fencing token): remove it and set the spec field instead");
        }
      }
    }
    List<EnvVar> env = trainer.env == null ? List.of() : trainer.env;
    for (int i = 0; i < env.size(); i++) {
      String name = env.get(i).getName();
      if (name == null || name.isBlank()) {
        errors.add("spec.trainer.env[" + i + "].name", "is required");
      } else if (name.startsWith(TrainerContract.RESERVED_PREFIX) || name.startsWith(TrainerContract.RESERVED_TPU_PREFIX)
          || name.startsWith(TrainerContract.RESERVED_MEGASCALE_PREFIX)) {
        errors.add("spec.trainer.env[" + i + "].name", name + " is reserved for the trainer contract (names starting with "
            + TrainerContract.RESERVED_PREFIX + ", " + TrainerContract.RESERVED_TPU_PREFIX + " or "
            + TrainerContract.RESERVED_MEGASCALE_PREFIX + "); set the spec field instead (spec.tpu.slices for Multislice)");
      }
    }
    if (trainer.resources != null && (hasTpu(trainer.resources.getRequests()) || hasTpu(trainer.resources.getLimits()))) {
      errors.add("spec.trainer.resources", TPU_RESOURCE + " is set by the operator from spec.tpu.topology; remove it");
    }
  }

  private static boolean hasTpu(java.util.Map<String, ?> quantities) {
    return quantities != null && quantities.containsKey(TPU_RESOURCE);
  }
}
