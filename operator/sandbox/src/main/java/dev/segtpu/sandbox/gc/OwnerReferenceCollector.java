package dev.segtpu.sandbox.gc;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.segtpu.sandbox.Loops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector the mock API server lacks: deletes pods, services and config maps whose owner
 * (by owner reference UID) no longer exists, as kube-controller-manager does in background mode.
 */
public final class OwnerReferenceCollector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerReferenceCollector.class);

  private final KubernetesClient client;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-gc");
    thread.setDaemon(true);
    return thread;
  });

  public OwnerReferenceCollector(KubernetesClient client) {
    this.client = client;
  }

  public OwnerReferenceCollector start(long periodMillis) {
    loop.scheduleWithFixedDelay(this::collectOnce, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  void collectOnce() {
    try {
      List<HasMetadata> dependents = new ArrayList<>();
      dependents.addAll(client.pods().inAnyNamespace().list().getItems());
      dependents.addAll(client.services().inAnyNamespace().list().getItems());
      dependents.addAll(client.configMaps().inAnyNamespace().list().getItems());
      for (HasMetadata dependent : dependents) {
        List<OwnerReference> owners = dependent.getMetadata().getOwnerReferences();
        if (owners != null && !owners.isEmpty() && owners.stream().noneMatch(o -> exists(o, dependent))) {
          LOG.info("collecting {} {}/{}: its owner is gone", dependent.getKind(), dependent.getMetadata().getNamespace(),
              dependent.getMetadata().getName());
          client.resource(dependent).delete();
        }
      }
    } catch (KubernetesClientException e) {
      Loops.passFailed(LOG, "garbage collection pass", e);
    }
  }

  private boolean exists(OwnerReference owner, HasMetadata dependent) {
    GenericKubernetesResource found = client.genericKubernetesResources(owner.getApiVersion(), owner.getKind())
        .inNamespace(dependent.getMetadata().getNamespace()).withName(owner.getName()).get();
    return found != null && (owner.getUid() == null || owner.getUid().equals(found.getMetadata().getUid()));
  }

  @Override
  public void close() {
    Loops.stop(loop);
  }
}
