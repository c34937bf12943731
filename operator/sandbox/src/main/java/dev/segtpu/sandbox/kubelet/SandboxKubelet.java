package dev.segtpu.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import dev.segtpu.sandbox.Loops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet of every simulated TPU node: runs each bound pod as a local child process, reports real
 * pod status (phase, container state, exit code) as processes start and end, stops pods that are being
 * deleted (SIGTERM, grace period, SIGKILL) and then removes them, and simulates node shutdowns.
 */
public final class SandboxKubelet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxKubelet.class);

  private final KubernetesClient client;
  private final Path sandboxRoot;
  private final LocalImages images;
  private final Clock clock;
  private final PodAddresses addresses = new PodAddresses();
  private final ClusterDns dns;
  private final Map<String, PodProcess> running = new ConcurrentHashMap<>();
  private final Set<String> stopping = ConcurrentHashMap.newKeySet();
  /** Pods on a vanished node: their processes were killed and nobody reports on them any more. */
  private final Set<String> abandoned = ConcurrentHashMap.newKeySet();
  /** Processes on a node cut off from the cluster: still running, out of every pod's reach. */
  private final Set<PodProcess> cutOff = ConcurrentHashMap.newKeySet();
  private final List<ProcessLifetime> lifetimes = new ArrayList<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sandbox-kubelet"));
  private final ExecutorService terminations = Executors.newCachedThreadPool(r -> daemon(r, "sandbox-kubelet-stop"));

  public SandboxKubelet(KubernetesClient client, Path sandboxRoot, LocalImages images, Clock clock) {
    this.client = client;
    this.sandboxRoot = sandboxRoot;
    this.images = images;
    this.clock = clock;
    this.dns = new ClusterDns(client, sandboxRoot);
  }

  public SandboxKubelet start(long periodMillis) {
    loop.scheduleWithFixedDelay(this::syncOnce, 0, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** One pass: start bound pods, report ended processes, stop pods being deleted, kill orphans. */
  void syncOnce() {
    try {
      Set<String> nodes = client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName())
          .collect(Collectors.toSet());
      List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
      Set<String> seen = ConcurrentHashMap.newKeySet();
      for (Pod pod : pods) {
        String key = key(pod);
        seen.add(key);
        if (abandoned.contains(key) || pod.getSpec().getNodeName() == null) {
          continue;
        }
        PodProcess process = running.get(key);
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          terminate(pod, process);
        } else if (process == null && nodes.contains(pod.getSpec().getNodeName()) && notStarted(pod)) {
          launch(pod);
        } else if (process != null && !process.alive() && !stopping.contains(key)) {
          reportExit(pod, process, null);
        }
      }
      running.keySet().stream().filter(key -> !seen.contains(key)).toList().forEach(this::killOrphan);
    } catch (KubernetesClientException e) {
      Loops.passFailed(LOG, "kubelet sync", e);
    }
  }

  private void launch(Pod pod) {
    String ip = addresses.allocate();
    try {
      dns.register(key(pod), pod, ip);
      PodProcess process = PodProcess.start(pod, ip, sandboxRoot, images, dns.jvmOptions(pod.getMetadata().getNamespace()));
      running.put(key(pod), process);
      record(pod, process);
      Instant now = clock.instant();
      editStatus(pod, p -> {
        p.getStatus().setPhase("Running");
        p.getStatus().setPodIP(ip);
        p.getStatus().setHostIP("127.0.0.1");
        p.getStatus().setStartTime(now.toString());
        p.getStatus().setContainerStatuses(List.of(containerStatus(pod, true, new ContainerStateBuilder()
            .withNewRunning().withStartedAt(now.toString()).endRunning().build())));
        for (String type : List.of("Initialized", "ContainersReady", "Ready")) {
          setCondition(p, new PodConditionBuilder().withType(type).withStatus("True")
              .withLastTransitionTime(now.toString()).build());
        }
      });
      LOG.info("started {} (pid {}) at {}", key(pod), process.pid(), ip);
    } catch (RuntimeException e) {
      dns.unregister(key(pod));
      LOG.warn("cannot start {}: {}", key(pod), e.getMessage());
      editStatus(pod, p -> {
        p.getStatus().setPhase("Pending");
        p.getStatus().setContainerStatuses(List.of(containerStatus(pod, false, new ContainerStateBuilder()
            .withNewWaiting().withReason("CreateContainerError").withMessage(e.getMessage()).endWaiting().build())));
      });
    }
  }

  /** Graceful deletion: SIGTERM, the pod's grace period, SIGKILL; then remove the pod object. */
  private void terminate(Pod pod, PodProcess process) {
    String key = key(pod);
    if (!stopping.add(key)) {
      return;
    }
    long grace = pod.getMetadata().getDeletionGracePeriodSeconds() == null
        ? 30 : pod.getMetadata().getDeletionGracePeriodSeconds();
    terminations.submit(() -> {
      try {
        if (process != null && process.alive()) {
          process.stop(Duration.ofSeconds(grace));
        }
        if (process != null) {
          endRecord(process);
        }
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
            .withGracePeriod(0).delete();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn("terminating {} failed: {}", key, e.getMessage());
      } finally {
        forget(key);
        stopping.remove(key);
      }
    });
  }

  /**
   * A Spot reclaim as GKE's graceful node shutdown sees it: every pod on the node gets SIGTERM and the
   * shutdown grace period, ends {@code Failed} with {@code DisruptionTarget=True, TerminationByKubelet},
   * and the node is removed.
   */
  public void shutdownNode(String nodeName, Duration grace) throws InterruptedException {
    List<PodProcess> onNode = running.values().stream()
        .filter(p -> nodeName.equals(p.pod().getSpec().getNodeName())).toList();
    for (PodProcess process : onNode) {
      stopping.add(key(process.pod()));
    }
    for (PodProcess process : onNode) {
      process.stop(grace);
      Pod pod = process.pod();
      reportExit(pod, process, "Pod was terminated in response to imminent node shutdown.");
      stopping.remove(key(pod));
    }
    client.nodes().withName(nodeName).withGracePeriod(0).delete();
    LOG.info("node {} shut down ({} pod(s) terminated)", nodeName, onNode.size());
  }

  /** The harsher reclaim: the VM is gone at once. Processes die by SIGKILL; nobody updates their pods. */
  public void vanishNode(String nodeName) throws InterruptedException {
    for (PodProcess process : List.copyOf(running.values())) {
      if (nodeName.equals(process.pod().getSpec().getNodeName())) {
        String key = key(process.pod());
        abandoned.add(key);
        process.kill();
        endRecord(process);
        forget(key);
      }
    }
    client.nodes().withName(nodeName).withGracePeriod(0).delete();
    LOG.info("node {} vanished", nodeName);
  }

  /**
   * A network partition: the node drops out of the cluster (its object is deleted, as the node
   * lifecycle controller and the cloud provider would once it stays NotReady) but the VM keeps running.
   * Its processes get no signal, nobody reports on their pods, and they keep reaching the checkpoint
   * storage; only the trainer's fencing stops them, or closing the sandbox. Each one's lifetime is
   * recorded when it ends by itself.
   */
  public void cutOffNode(String nodeName) {
    for (PodProcess process : List.copyOf(running.values())) {
      if (nodeName.equals(process.pod().getSpec().getNodeName())) {
        String key = key(process.pod());
        abandoned.add(key);
        cutOff.add(process);
        forget(key);
        process.onExit().thenRun(() -> {
          endRecord(process);
          cutOff.remove(process);
          LOG.info("{} on cut-off node {} exited with {}", key, nodeName, process.exitCode());
        });
      }
    }
    client.nodes().withName(nodeName).withGracePeriod(0).delete();
    LOG.info("node {} cut off from the cluster; its processes keep running", nodeName);
  }

  private void reportExit(Pod pod, PodProcess process, String shutdownMessage) {
    int exit = process.exitCode();
    endRecord(process);
    forget(key(pod));
    Instant now = clock.instant();
    editStatus(pod, p -> {
      p.getStatus().setPhase(exit == 0 && shutdownMessage == null ? "Succeeded" : "Failed");
      p.getStatus().setContainerStatuses(List.of(containerStatus(pod, false, new ContainerStateBuilder()
          .withNewTerminated().withExitCode(exit).withReason(exit == 0 ? "Completed" : "Error")
          .withMessage(process.terminationMessage().orElse(null))
          .withStartedAt(process.startedAt().toString()).withFinishedAt(now.toString()).endTerminated().build())));
      setCondition(p, new PodConditionBuilder().withType("Ready").withStatus("False")
          .withReason("PodCompleted").withLastTransitionTime(now.toString()).build());
      if (shutdownMessage != null) {
        p.getStatus().setReason("Terminated");
        p.getStatus().setMessage(shutdownMessage);
        setCondition(p, new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
            .withReason("TerminationByKubelet").withMessage(shutdownMessage)
            .withLastTransitionTime(now.toString()).build());
      }
    });
    LOG.info("{} exited with {}", key(pod), exit);
  }

  /** The pod no longer runs here: its process is not tracked and its DNS records go. */
  private PodProcess forget(String key) {
    dns.unregister(key);
    return running.remove(key);
  }

  private void killOrphan(String key) {
    PodProcess process = forget(key);
    if (process != null && process.alive()) {
      try {
        process.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      endRecord(process);
      LOG.info("killed {}: its pod object is gone", key);
    }
  }

  private void editStatus(Pod pod, java.util.function.Consumer<Pod> change) {
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
        if (p.getStatus() == null) {
          p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        change.accept(p);
        return p;
      });
    } catch (KubernetesClientException e) {
      LOG.debug("status of {} not updated: {}", key(pod), e.getMessage());
    }
  }

  private static ContainerStatus containerStatus(Pod pod, boolean ready, io.fabric8.kubernetes.api.model.ContainerState state) {
    var container = pod.getSpec().getContainers().get(0);
    return new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
        .withReady(ready).withStarted(ready).withRestartCount(0).withState(state).build();
  }

  private static void setCondition(Pod pod, PodCondition condition) {
    List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions() == null
        ? List.of() : pod.getStatus().getConditions());
    conditions.removeIf(c -> condition.getType().equals(c.getType()));
    conditions.add(condition);
    pod.getStatus().setConditions(conditions);
  }

  private static boolean notStarted(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getStartTime() == null;
  }

  private synchronized void record(Pod pod, PodProcess process) {
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    lifetimes.add(new ProcessLifetime(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
        labels.get("segtpu.dev/job"), labels.get("segtpu.dev/attempt"), process.pid(), process.startedAt(), null, null));
  }

  private synchronized void endRecord(PodProcess process) {
    for (int i = 0; i < lifetimes.size(); i++) {
      ProcessLifetime lifetime = lifetimes.get(i);
      if (lifetime.pid() == process.pid() && lifetime.ended() == null) {
        lifetimes.set(i, new ProcessLifetime(lifetime.namespace(), lifetime.pod(), lifetime.job(), lifetime.attempt(),
            lifetime.pid(), lifetime.started(), clock.instant(), process.alive() ? null : process.exitCode()));
      }
    }
  }

  /** Every process this kubelet started, with when it ended. */
  public synchronized List<ProcessLifetime> lifetimes() {
    return List.copyOf(lifetimes);
  }

  /** Processes still alive, including those on nodes cut off from the cluster. */
  public List<PodProcess> runningProcesses() {
    return java.util.stream.Stream.concat(running.values().stream(), cutOff.stream()).filter(PodProcess::alive).toList();
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/" + pod.getMetadata().getUid();
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Stops every process (SIGTERM, short grace, SIGKILL) and the loops. */
  @Override
  public void close() {
    Loops.stop(loop);
    for (PodProcess process : List.copyOf(running.values())) {
      try {
        process.stop(Duration.ofSeconds(5));
        endRecord(process);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    running.clear();
    for (PodProcess process : List.copyOf(cutOff)) {
      try {
        process.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    terminations.shutdownNow();
  }
}
