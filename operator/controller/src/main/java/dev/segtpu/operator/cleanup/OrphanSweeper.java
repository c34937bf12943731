package dev.segtpu.operator.cleanup;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    List<HasMetadata> pods = new ArrayList<>();
    List<HasMetadata> services = new ArrayList<>();
    Set<String> liveJobs = new HashSet<>();
    if (namespaces.isEmpty()) {
      pods.addAll(client.pods().inAnyNamespace().withLabel(GangNames.MANAGED_BY_LABEL, GangNames.MANAGED_BY).list().getItems());
      services.addAll(client.services().inAnyNamespace().withLabel(GangNames.MANAGED_BY_LABEL, GangNames.MANAGED_BY).list().getItems());
      client.resources(SegmentationTrainingJob.class).inAnyNamespace().list().getItems()
          .forEach(job -> liveJobs.add(job.getMetadata().getUid()));
    } else {
      for (String namespace : namespaces) {
        pods.addAll(client.pods().inNamespace(namespace).withLabel(GangNames.MANAGED_BY_LABEL, GangNames.MANAGED_BY).list().getItems());
        services.addAll(client.services().inNamespace(namespace).withLabel(GangNames.MANAGED_BY_LABEL, GangNames.MANAGED_BY).list().getItems());
      }
      for (String namespace : namespaces) {
        client.resources(SegmentationTrainingJob.class).inNamespace(namespace).list().getItems()
            .forEach(job -> liveJobs.add(job.getMetadata().getUid()));
      }
    }
    List<String> deletedPods = new ArrayList<>();
    for (HasMetadata pod : orphans(pods, liveJobs)) {
      if (JobWorkload.deleteQuietly(() -> client.pods().inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName()).delete()) > 0) {
        deletedPods.add(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
      }
    }
    List<String> deletedServices = new ArrayList<>();
    for (HasMetadata service : orphans(services, liveJobs)) {
      if (JobWorkload.deleteQuietly(() -> client.services().inNamespace(service.getMetadata().getNamespace())
          .withName(service.getMetadata().getName()).delete()) > 0) {
        deletedServices.add(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName());
      }
    }
    return new Swept(deletedPods, deletedServices);
  }

  private static List<HasMetadata> orphans(List<HasMetadata> objects, Set<String> liveJobs) {
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
