package dev.segtpu.operator.figures.accounting;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.HeldNodeStatus;
import dev.segtpu.operator.figures.cost.TpuHold;
import dev.segtpu.operator.gang.GangObserver;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which TPU nodes a job's pods hold, from its pods and from what the status remembered. A node is
 * billed from the moment its pod was scheduled until the node is released: the pod's containers all
 * ended, or the pod is gone (then at the moment the operator noticed, an upper bound). A stopped
 * attempt therefore keeps being billed while its workers write their SIGTERM checkpoint, and a worker
 * that vanished with its node is billed even when the operator restarted in between.
 */
final class HeldNodes {

  /**
   * @param open nodes still held, and released nodes of the running attempt (its timeline needs them)
   * @param settled released nodes of attempts that are over: they go into the ledger now, once
   */
  record Settlement(List<HeldNode> open, List<HeldNode> settled) {

    List<TpuHold> openHolds() {
      return open.stream().map(HeldNode::hold).toList();
    }

    List<TpuHold> holdsOf(int attempt) {
      return Stream.concat(open.stream(), settled.stream())
          .filter(node -> node.attempt() == attempt).map(HeldNode::hold).toList();
    }

    List<TpuHold> settledHolds(boolean reclaimed) {
      return settled.stream().filter(node -> node.reclaimed() == reclaimed).map(HeldNode::hold).toList();
    }

    /** Attempts whose last node settled now, each with that node's release: when the whole gang was gone. */
    Map<Integer, Instant> gangsReleased() {
      Map<Integer, Instant> released = new TreeMap<>();
      for (HeldNode node : settled) {
        if (open.stream().noneMatch(other -> other.attempt() == node.attempt())) {
          released.merge(node.attempt(), node.hold().releasedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
      }
      return released;
    }

    List<HeldNodeStatus> toStatus() {
      return open.stream().map(HeldNode::toStatus).toList();
    }
  }

  /** What the cluster shows now, for one job. */
  record Observation(Collection<Pod> pods, int chipsPerHost, Provisioning provisioning, int runningAttempt,
                     Optional<Integer> reclaimedAttempt, Instant now) {}

  private HeldNodes() {}

  static List<HeldNode> fromStatus(CostStatus cost) {
    return cost == null || cost.heldNodes == null ? List.of()
        : cost.heldNodes.stream().map(HeldNode::fromStatus).toList();
  }

  /**
   * @param known the nodes the status remembered
   * @param seen the job's pods, with the running attempt (0 when none runs) and, when this
   *     reconciliation ended an attempt by preemption, that attempt
   */
  static Settlement settle(List<HeldNode> known, Observation seen) {
    List<HeldNode> nodes = new ArrayList<>();
    for (Pod pod : seen.pods()) {
      heldBy(pod, seen).ifPresent(node -> nodes.add(wasReclaimed(known, node) ? node.markedReclaimed() : node));
    }
    for (HeldNode node : known) {
      if (nodes.stream().noneMatch(node::sameWorker)) {
        nodes.add(node.releasedAt(seen.now()));
      }
    }
    List<HeldNode> open = new ArrayList<>();
    List<HeldNode> settled = new ArrayList<>();
    for (HeldNode node : nodes) {
      HeldNode marked = seen.reclaimedAttempt().filter(a -> a == node.attempt()).isPresent() ? node.markedReclaimed() : node;
      (marked.hold().released() && marked.attempt() != seen.runningAttempt() ? settled : open).add(marked);
    }
    Comparator<HeldNode> order = Comparator.comparingInt(HeldNode::attempt).thenComparingInt(HeldNode::worker);
    open.sort(order);
    settled.sort(order);
    return new Settlement(List.copyOf(open), List.copyOf(settled));
  }

  private static boolean wasReclaimed(List<HeldNode> known, HeldNode node) {
    return known.stream().anyMatch(previous -> previous.sameWorker(node) && previous.reclaimed());
  }

  private static Optional<HeldNode> heldBy(Pod pod, Observation seen) {
    int attempt = GangObserver.attemptOf(pod);
    int worker = GangObserver.workerOf(pod);
    if (attempt < 0 || worker < 0) {
      return Optional.empty();
    }
    return TpuHold.ofPod(pod, seen.chipsPerHost(), provisioningOf(pod, seen.provisioning()))
        .map(hold -> new HeldNode(attempt, worker, hold, false));
  }

  /** The mode the pod's node was bought with, as its builder recorded it. */
  private static Provisioning provisioningOf(Pod pod, Provisioning fallback) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(GangNames.PROVISIONING_ANNOTATION);
    try {
      return value == null ? fallback : Provisioning.fromValue(value);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
