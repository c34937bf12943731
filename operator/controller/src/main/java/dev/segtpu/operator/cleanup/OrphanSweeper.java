package dev.segtpu.operator.cleanup;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.workload.GangNames;
import dev.segtpu.operator.workload.KueuePodGroups;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes managed pods and Services whose owning job no longer exists: what a job deleted while no
 * operator was running (or while this one missed the deletion) left behind. Sweeps when started (the
 * leader takes over) and then periodically; only the leader runs it.
 */
public final class OrphanSweeper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);
  private static final String OWNER_KIND = HasMetadata.getKind(SegmentationTrainingJob.class);

  /** What one sweep deleted. */
  public record Swept(List<String> pods, List<String> services) {
    public boolean isEmpty() {
      return pods.isEmpty() && services.isEmpty();
    }
  }

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final Duration interval;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "segtpu-orphan-sweeper");
    thread.setDaemon(true);
    return thread;
  });
  private ScheduledFuture<?> schedule;

  /** @param namespaces the watched namespaces; empty means all */
  public OrphanSweeper(KubernetesClient client, Set<String> namespaces, Duration interval) {
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
    this.interval = interval;
  }

  /** Sweeps now and every interval after, until {@link #stop()}. */
  public synchronized void start() {
    if (schedule == null) {
      schedule = timer.scheduleWithFixedDelay(this::sweepLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  public synchronized void stop() {
    if (schedule != null) {
      schedule.cancel(false);
      schedule = null;
    }
  }

  @Override
  public void close() {
    stop();
    timer.shutdownNow();
  }

  /**
   * One sweep. The managed objects are listed before the jobs: an object's owner was created before it,
   * so a job that exists is always in the second list, and nothing of a live job is deleted.
   */
  public Swept sweep() {
    Map<String, String> managed = Map.of(GangNames.MANAGED_BY_LABEL, GangNames.MANAGED_BY);
    List<Pod> pods = list(client.pods(), managed);
    List<Service> services = list(client.services(), managed);
    Set<String> liveJobs = new HashSet<>();
    list(client.resources(SegmentationTrainingJob.class), Map.of()).forEach(job -> liveJobs.add(job.getMetadata().getUid()));
    return new Swept(deleteOrphans(pods, liveJobs), deleteOrphans(services, liveJobs));
  }

  /** The objects of one kind in the watched namespaces (all of them when none are listed). */
  private <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> list(MixedOperation<T, L, ?> kind,
                                                                                  Map<String, String> labels) {
    if (namespaces.isEmpty()) {
      return kind.inAnyNamespace().withLabels(labels).list().getItems();
    }
    List<T> objects = new ArrayList<>();
    for (String namespace : namespaces) {
      objects.addAll(kind.inNamespace(namespace).withLabels(labels).list().getItems());
    }
    return objects;
  }

  /** Deletes the objects whose owning job is not live; returns namespace/name of those deleted now. */
  private <T extends HasMetadata> List<String> deleteOrphans(List<T> objects, Set<String> liveJobs) {
    List<String> deleted = new ArrayList<>();
    for (T orphan : orphans(objects, liveJobs)) {
      if (JobWorkload.deleteQuietly(() -> {
        KueuePodGroups.closeBeforeDeletion(client, orphan);
        client.resource(orphan).delete();
      }) > 0) {
        deleted.add(orphan.getMetadata().getNamespace() + "/" + orphan.getMetadata().getName());
      }
    }
    return deleted;
  }

  private static <T extends HasMetadata> List<T> orphans(List<T> objects, Set<String> liveJobs) {
    return objects.stream()
        .filter(object -> owningJob(object).filter(owner -> !liveJobs.contains(owner.getUid())).isPresent())
        .toList();
  }

  private static Optional<OwnerReference> owningJob(HasMetadata object) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners == null ? Optional.empty()
        : owners.stream().filter(owner -> OWNER_KIND.equals(owner.getKind()) && owner.getUid() != null).findFirst();
  }

  private void sweepLogged() {
    try {
      Swept swept = sweep();
      if (!swept.isEmpty()) {
        log.info("deleted what deleted jobs left behind: pods {}, services {}", swept.pods(), swept.services());
      }
    } catch (KubernetesClientException | IllegalStateException e) {
      log.warn("orphan sweep failed, next in {}: {}", interval, e.getMessage());
    }
  }
}
