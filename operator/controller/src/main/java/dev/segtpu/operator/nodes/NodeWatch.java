package dev.segtpu.operator.nodes;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.gang.NodeLiveness;
import dev.segtpu.operator.reconcile.TrainingJobReconciler;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Watches nodes so a worker whose node is deleted (its VM reclaimed) or drained counts as preempted
 * right away, and reconciles the jobs with workers on a node when it goes or starts draining. A node
 * counts as gone only once its deletion was seen (a node missing from a lagging cache must not end a
 * healthy gang); deletions are remembered for an hour.
 */
public final class NodeWatch implements NodeLiveness, TrainingJobReconciler.Extra {

  /** Taints that mean the node is about to go away. */
  static final Set<String> LEAVING_TAINTS = Set.of(
      "node.kubernetes.io/unschedulable", "ToBeDeletedByClusterAutoscaler",
      "cloud.google.com/impending-node-termination", "node.kubernetes.io/out-of-service");
  static final Duration REMEMBER = Duration.ofHours(1);

  private final Clock clock;
  private final Map<String, Instant> deleted = new ConcurrentHashMap<>();
  private volatile InformerEventSource<Node, SegmentationTrainingJob> nodes;

  public NodeWatch(Clock clock) {
    this.clock = clock;
  }

  @Override
  public EventSource<?, SegmentationTrainingJob> create(EventSourceContext<SegmentationTrainingJob> context,
                                                        InformerEventSource<Pod, SegmentationTrainingJob> pods) {
    InformerEventSource<Node, SegmentationTrainingJob> source = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Node.class, SegmentationTrainingJob.class)
            .withName("nodes")
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(node -> jobsOn(pods, node.getMetadata().getName()))
            .withOnAddFilter(node -> false)
            .withOnUpdateFilter((now, before) -> draining(now) != draining(before))
            .withOnDeleteFilter((node, unknown) -> {
              deleted.put(node.getMetadata().getName(), clock.instant());
              return true;
            })
            .build(),
        context);
    this.nodes = source;
    return source;
  }

  static Set<ResourceID> jobsOn(InformerEventSource<Pod, SegmentationTrainingJob> pods, String nodeName) {
    return pods.byIndex(TrainingJobReconciler.PODS_BY_NODE, nodeName).stream()
        .flatMap(pod -> {
          List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
          return owners == null ? java.util.stream.Stream.<ResourceID>empty() : owners.stream()
              .filter(o -> "SegmentationTrainingJob".equals(o.getKind()))
              .map(o -> new ResourceID(o.getName(), pod.getMetadata().getNamespace()));
        })
        .collect(Collectors.toSet());
  }

  @Override
  public boolean gone(String nodeName) {
    Instant since = deleted.get(nodeName);
    if (since == null) {
      return false;
    }
    if (Duration.between(since, clock.instant()).compareTo(REMEMBER) > 0) {
      deleted.remove(nodeName);
      return false;
    }
    return nodes == null || nodes.get(new ResourceID(nodeName)).isEmpty();
  }

  @Override
  public boolean draining(String nodeName) {
    InformerEventSource<Node, SegmentationTrainingJob> source = nodes;
    return source != null && source.get(new ResourceID(nodeName)).map(NodeWatch::draining).orElse(false);
  }

  static boolean draining(Node node) {
    if (node == null || node.getSpec() == null) {
      return false;
    }
    if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return true;
    }
    List<Taint> taints = node.getSpec().getTaints();
    return taints != null && taints.stream().map(Taint::getKey).filter(Objects::nonNull).anyMatch(LEAVING_TAINTS::contains);
  }
}
