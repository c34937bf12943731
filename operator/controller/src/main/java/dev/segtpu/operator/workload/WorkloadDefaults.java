package dev.segtpu.operator.workload;

import dev.segtpu.api.Provisioning;
import dev.segtpu.contract.TrainerContract;
import java.util.Objects;

/**
 * Operator-wide settings that shape every worker pod.
 *
 * @param trainerImage image used when {@code spec.trainer.image} is unset
 * @param reclaimableGraceSeconds grace period for Spot and preemptible pods: GKE gives about 15-30 s
 *     between the reclaim notice and the VM's end, so a longer grace buys nothing
 * @param stableGraceSeconds grace period for on-demand and reserved pods (suspend, deadline and drains
 *     wait this long for the trainer's SIGTERM checkpoint)
 * @param runAsUser uid (and gid, fsGroup) of the trainer process: {@link TrainerContract#TRAINER_UID}, the trainer
 *     image's own user
 * @param serviceAccountName service account of the trainer pods (Workload Identity for Cloud Storage);
 *     null for the namespace default
 * @param statusPort port of the trainer's {@code /status} and {@code /metrics}
 */
public record WorkloadDefaults(
    String trainerImage,
    long reclaimableGraceSeconds,
    long stableGraceSeconds,
    long runAsUser,
    String serviceAccountName,
    int statusPort) {

  public static final String DEFAULT_TRAINER_IMAGE = "ghcr.io/segtpu/segtpu-trainer:0.1.0";

  public WorkloadDefaults {
    Objects.requireNonNull(trainerImage, "trainerImage");
    if (reclaimableGraceSeconds < 1 || stableGraceSeconds < 1) {
      throw new IllegalArgumentException("grace periods must be at least 1 s");
    }
  }

  public static WorkloadDefaults defaults() {
    return new WorkloadDefaults(DEFAULT_TRAINER_IMAGE, 30, 120, TrainerContract.TRAINER_UID, null, TrainerContract.DEFAULT_STATUS_PORT);
  }

  public WorkloadDefaults withTrainerImage(String image) {
    return new WorkloadDefaults(image, reclaimableGraceSeconds, stableGraceSeconds, runAsUser, serviceAccountName, statusPort);
  }

  /** Seconds between SIGTERM and SIGKILL for a worker of this provisioning mode. */
  public long gracePeriodSeconds(Provisioning provisioning) {
    return provisioning.reclaimable() ? reclaimableGraceSeconds : stableGraceSeconds;
  }
}
