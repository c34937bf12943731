package dev.segtpu.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Pod statuses as the kubelet, scheduler and node lifecycle write them. The mock API server runs no
 * kubelet or scheduler, so tests put pods through their lives with these.
 */
public final class PodStates {

  private PodStates() {}

  public static UnaryOperator<Pod> scheduled(String node) {
    return pod -> new PodBuilder(pod)
        .editSpec().withNodeName(node).endSpec()
        .withStatus(new PodStatusBuilder().withPhase("Pending")
            .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build()).build())
        .build();
  }

  public static UnaryOperator<Pod> running(String node, String ip) {
    return pod -> new PodBuilder(pod)
        .editSpec().withNodeName(node).endSpec()
        .withStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip)
            .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
            .addToContainerStatuses(new ContainerStatusBuilder().withName("trainer").withImage(image(pod))
                .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState().build())
            .build())
        .build();
  }

  public static UnaryOperator<Pod> unschedulable(Instant since) {
    return pod -> new PodBuilder(pod)
        .withStatus(new PodStatusBuilder().withPhase("Pending")
            .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")
                .withLastTransitionTime(since.toString()).build())
            .build())
        .build();
  }

  public static UnaryOperator<Pod> exited(int code, String reason) {
    return exited(code, reason, null);
  }

  /** Exited with {@code message} in its termination message (what the trainer wrote as it exited). */
  public static UnaryOperator<Pod> exited(int code, String reason, String message) {
    return pod -> {
      PodStatus status = new PodStatusBuilder().withPhase(code == 0 ? "Succeeded" : "Failed")
          .addToContainerStatuses(new ContainerStatusBuilder().withName("trainer").withImage(image(pod))
              .withNewState().withNewTerminated().withExitCode(code).withReason(reason).withMessage(message)
              .endTerminated().endState().build())
          .build();
      return new PodBuilder(pod).withStatus(status).build();
    };
  }

  public static UnaryOperator<Pod> waiting(String reason, String message) {
    return pod -> new PodBuilder(pod)
        .withStatus(new PodStatusBuilder().withPhase("Pending")
            .addToContainerStatuses(new ContainerStatusBuilder().withName("trainer").withImage(image(pod))
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build())
            .build())
        .build();
  }

  /** What a Spot reclaim looks like: DisruptionTarget, then Failed/Terminated from the node shutdown. */
  public static UnaryOperator<Pod> disrupted(String reason) {
    return pod -> {
      PodStatus previous = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
      return new PodBuilder(pod).withStatus(new PodStatusBuilder(previous)
          .addToConditions(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True").withReason(reason)
              .withMessage("Pod was terminated in response to imminent node shutdown.").build())
          .build()).build();
    };
  }

  public static UnaryOperator<Pod> failedByNode(String reason, String message) {
    return pod -> new PodBuilder(pod)
        .withStatus(new PodStatusBuilder().withPhase("Failed").withReason(reason).withMessage(message).build())
        .build();
  }

  private static String image(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getContainers().isEmpty() ? "trainer" : pod.getSpec().getContainers().get(0).getImage();
  }
}
