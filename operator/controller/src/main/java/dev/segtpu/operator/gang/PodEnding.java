package dev.segtpu.operator.gang;

import java.util.Objects;

/**
 * Why a worker pod ended.
 *
 * @param kind the class of ending, which decides what the job does next
 * @param reason machine-readable cause, e.g. TerminationByKubelet, OOMKilled, ExitCode, ImagePullFailed
 * @param message what happened, for events and conditions
 */
public record PodEnding(EndingKind kind, String reason, String message) {

  public PodEnding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  public static PodEnding of(EndingKind kind, String reason, String message) {
    return new PodEnding(kind, reason, message);
  }
}
