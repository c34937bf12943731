package dev.segtpu.operator.gang;

import dev.segtpu.contract.StatusDocument;
import dev.segtpu.contract.TrainerExit;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a worker pod has ended and why: preemption (not the trainer's fault), trainer
 * failure, configuration failure, or success. Pure; the rules, in order:
 * <ol>
 *   <li>the trainer cannot start: image pull errors, invalid image, container config errors → configuration</li>
 *   <li>condition {@code DisruptionTarget=True}, any reason → preemption</li>
 *   <li>pod failed by the node (shutdown, node lost, kubelet admission, eviction) → preemption</li>
 *   <li>the node object is gone → preemption</li>
 *   <li>the trainer exited: 0 → success; OOMKilled → trainer failure; SIGTERM/SIGKILL on a draining node →
 *       preemption; another code of the contract ({@link TrainerExit}) → its reaction (preemption,
 *       configuration or trainer failure); a retryable code → retry; anything else → trainer failure</li>
 *   <li>the pod is being deleted, and not by the operator → preemption</li>
 * </ol>
 * Unschedulable pods and missing pods need time and the whole gang; {@link GangObserver} judges those.
 */
public final class PodEndingClassifier {

  private static final int SUFFIX_LIMIT = 300;

  static final Set<String> IMAGE_ERRORS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
  static final Set<String> CONFIG_ERRORS = Set.of("CreateContainerConfigError", "CreateContainerError");
  /** Pod status reasons set when the node, not the trainer, ended the pod. */
  static final Set<String> NODE_ENDED_REASONS = Set.of(
      "Shutdown", "NodeShutdown", "Terminated", "NodeLost", "UnexpectedAdmissionError", "NodeAffinity", "Preempting");
  static final int SIGKILL_EXIT = 137;
  static final int SIGTERM_EXIT = 143;

  private final NodeLiveness nodes;

  public PodEndingClassifier(NodeLiveness nodes) {
    this.nodes = nodes;
  }

  /**
   * @param retryableExitCodes spec.failurePolicy.retryableExitCodes
   * @return the ending, or empty while the pod is pending or running normally
   */
  public Optional<PodEnding> classify(Pod pod, Set<Integer> retryableExitCodes) {
    String name = pod.getMetadata().getName();
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    Optional<ContainerStatus> trainer = trainerStatus(status);
    String phase = status.getPhase() == null ? "Pending" : status.getPhase();

    Optional<ContainerStateWaiting> waiting = trainer.map(c -> c.getState() == null ? null : c.getState().getWaiting());
    if (waiting.isPresent() && !"Failed".equals(phase) && !"Succeeded".equals(phase)) {
      String reason = waiting.get().getReason();
      if (IMAGE_ERRORS.contains(reason)) {
        return Optional.of(PodEnding.of(EndingKind.CONFIGURATION_FAILED, "ImagePullFailed",
            "worker pod " + name + " cannot pull image " + trainer.get().getImage() + " (" + reason + ": "
                + nullToEmpty(waiting.get().getMessage()) + "); fix spec.trainer.image or the image pull credentials"));
      }
      if (CONFIG_ERRORS.contains(reason)) {
        return Optional.of(PodEnding.of(EndingKind.CONFIGURATION_FAILED, "ContainerConfigError",
            "worker pod " + name + " cannot start its trainer container (" + reason + ": "
                + nullToEmpty(waiting.get().getMessage()) + ")"));
      }
    }

    Optional<PodCondition> disruption = condition(status, "DisruptionTarget").filter(c -> "True".equals(c.getStatus()));
    if (disruption.isPresent()) {
      String reason = disruption.get().getReason() == null ? "DisruptionTarget" : disruption.get().getReason();
      return Optional.of(PodEnding.of(EndingKind.PREEMPTED, reason,
          "worker pod " + name + " is being disrupted (" + reason + messageSuffix(disruption.get().getMessage()) + ")"));
    }

    if ("Failed".equals(phase) && status.getReason() != null) {
      String reason = status.getReason();
      if ("Evicted".equals(reason)) {
        String message = nullToEmpty(status.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("exceeds")) {
          return Optional.of(PodEnding.of(EndingKind.TRAINER_FAILED, "EvictedOverLimit",
              "worker pod " + name + " was evicted for exceeding a limit: " + message));
        }
        return Optional.of(PodEnding.of(EndingKind.PREEMPTED, reason, "worker pod " + name + " was evicted: " + message));
      }
      if (NODE_ENDED_REASONS.contains(reason) || nullToEmpty(status.getMessage()).toLowerCase(Locale.ROOT).contains("node shutdown")) {
        return Optional.of(PodEnding.of(EndingKind.PREEMPTED, reason,
            "worker pod " + name + " was ended by its node (" + reason + messageSuffix(status.getMessage()) + ")"));
      }
    }

    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (nodeName != null && nodes.gone(nodeName)) {
      return Optional.of(PodEnding.of(EndingKind.PREEMPTED, "NodeLost",
          "node " + nodeName + " of worker pod " + name + " is gone"));
    }

    Optional<ContainerStateTerminated> terminated = trainer.map(c -> c.getState() == null ? null : c.getState().getTerminated());
    if (terminated.isPresent()) {
      return Optional.of(exited(name, terminated.get(), nodeName, retryableExitCodes));
    }
    if ("Succeeded".equals(phase)) {
      return Optional.of(PodEnding.of(EndingKind.SUCCEEDED, "Completed", "worker pod " + name + " completed"));
    }
    if ("Failed".equals(phase)) {
      String reason = status.getReason() == null ? "PodFailed" : status.getReason();
      return Optional.of(PodEnding.of(EndingKind.PREEMPTED, reason,
          "worker pod " + name + " failed before its trainer ran (" + reason + messageSuffix(status.getMessage()) + ")"));
    }

    // The operator deletes a pod only after it has recorded its attempt's ending (Decision: status
    // first), and pods of ended attempts are not classified: a deletion seen here is someone else's.
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Optional.of(PodEnding.of(EndingKind.PREEMPTED, "DeletedExternally",
          "worker pod " + name + " was deleted by something other than the operator"));
    }
    return Optional.empty();
  }

  /**
   * A trainer's exit, read with the contract's table ({@link TrainerExit}): its reason and what the
   * operator does come from there; what this adds is the node's side (out of memory, a drain) and the
   * advice a user needs to act on it.
   */
  private PodEnding exited(String name, ContainerStateTerminated terminated, String nodeName, Set<Integer> retryable) {
    int code = terminated.getExitCode() == null ? -1 : terminated.getExitCode();
    String reason = terminated.getReason() == null ? "" : terminated.getReason();
    Optional<TrainerExit> exit = TrainerExit.of(code);
    if (exit.isPresent() && exit.get() == TrainerExit.SUCCEEDED) {
      return PodEnding.of(EndingKind.SUCCEEDED, exit.get().reason(), "worker pod " + name + " finished training");
    }
    if ("OOMKilled".equals(reason)) {
      return PodEnding.of(EndingKind.TRAINER_FAILED, "OOMKilled",
          "worker pod " + name + " ran out of memory (OOMKilled, exit " + code + "); raise spec.trainer.resources.limits.memory or lower spec.training.batchSize");
    }
    boolean killedBySignal = code == SIGTERM_EXIT || code == SIGKILL_EXIT;
    if (killedBySignal && nodeName != null && nodes.draining(nodeName)) {
      return PodEnding.of(EndingKind.PREEMPTED, "TerminatedDuringNodeDrain",
          "worker pod " + name + " was killed (exit " + code + ") while node " + nodeName + " was draining");
    }
    if (exit.isPresent() && exit.get().reaction() == TrainerExit.Reaction.RESTART_FROM_CHECKPOINT) {
      return PodEnding.of(EndingKind.PREEMPTED, exit.get().reason(),
          "worker pod " + name + " checkpointed and stopped on SIGTERM (exit " + code + ")");
    }
    if (exit.isPresent() && exit.get().reaction() == TrainerExit.Reaction.FAIL_AT_ONCE) {
      return PodEnding.of(EndingKind.CONFIGURATION_FAILED, exit.get().reason(), "the trainer in worker pod " + name + " "
          + failure(exit.get()) + " (exit " + code + ")" + terminationSuffix(terminated.getMessage()) + "; " + advice(exit.get()));
    }
    if (exit.isPresent() && exit.get() == TrainerExit.PEER_LOST) {
      return PodEnding.of(EndingKind.TRAINER_FAILED, exit.get().reason(), "the trainer in worker pod " + name
          + " lost a peer (exit " + code + ")" + terminationSuffix(terminated.getMessage()) + "; the gang restarts");
    }
    if (retryable.contains(code)) {
      return PodEnding.of(EndingKind.RETRYABLE_EXIT, "RetryableExitCode",
          "worker pod " + name + " exited with retryable code " + code);
    }
    return PodEnding.of(EndingKind.TRAINER_FAILED, TrainerExit.FAILED.reason(),
        "worker pod " + name + " exited with code " + code + (reason.isEmpty() ? "" : " (" + reason + ")")
            + terminationSuffix(terminated.getMessage()));
  }

  private static String failure(TrainerExit exit) {
    return switch (exit) {
      case CONFIGURATION_ERROR -> "rejected its configuration";
      case DATA_ERROR -> "cannot use the dataset";
      case CHECKPOINT_UNRESTORABLE -> "found committed checkpoints but none restores";
      case FENCED -> "found checkpoints of a newer attempt in its checkpoint directory";
      default -> exit.meaning();
    };
  }

  private static String advice(TrainerExit exit) {
    return switch (exit) {
      case CONFIGURATION_ERROR -> "see the pod's log, fix the spec and re-create the job";
      case DATA_ERROR -> "fix spec.dataset (source, file patterns) or the files, then re-create the job";
      case CHECKPOINT_UNRESTORABLE -> "they are kept as evidence: repair the checkpoint storage, "
          + "or set spec.checkpoint.onUnrestorable: start-over on a new job to train from step 0";
      case FENCED -> "something else writes this job's checkpoint directory (a second operator, or storage shared by "
          + "another cluster); stop it, then re-create the job";
      default -> "see the pod's log";
    };
  }

  static Optional<ContainerStatus> trainerStatus(PodStatus status) {
    List<ContainerStatus> containers = status.getContainerStatuses();
    if (containers == null || containers.isEmpty()) {
      return Optional.empty();
    }
    return containers.stream().filter(c -> GangNames.TRAINER_CONTAINER.equals(c.getName())).findFirst()
        .or(() -> Optional.of(containers.get(0)));
  }

  static Optional<PodCondition> condition(PodStatus status, String type) {
    if (status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * What a container's termination message adds to an ending: the trainer's {@code error} when the
   * message is its final status JSON (docs/trainer-contract.md), otherwise (a log tail left by
   * FallbackToLogsOnError) its last line that is not a stack frame; at most {@value #SUFFIX_LIMIT} characters.
   */
  static String terminationSuffix(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    String text = message.strip();
    if (text.startsWith("{")) {
      try {
        String error = StatusDocument.parse(text.getBytes(StandardCharsets.UTF_8)).error();
        text = error == null ? "" : error.strip();
      } catch (IOException e) {
        text = "";  // cut at Kubernetes' 4 KiB
      }
    } else {
      String[] lines = text.split("\n");
      text = lines[lines.length - 1].strip();
      for (int i = lines.length - 1; i >= 0; i--) {
        if (!lines[i].isBlank() && !Character.isWhitespace(lines[i].charAt(0))) {
          text = lines[i].strip();
          break;
        }
      }
    }
    if (text.isEmpty()) {
      return "";
    }
    return ": " + (text.length() > SUFFIX_LIMIT ? text.substring(0, SUFFIX_LIMIT - 3) + "..." : text);
  }

  private static String messageSuffix(String message) {
    return message == null || message.isBlank() ? "" : ": " + message.strip();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
