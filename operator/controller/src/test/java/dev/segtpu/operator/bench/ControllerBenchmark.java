package dev.segtpu.operator.bench;

import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.operator.OperatorAssembly;
import dev.segtpu.operator.OperatorSettings;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.workload.AttemptPlan;
import dev.segtpu.operator.workload.GangNames;
import dev.segtpu.operator.workload.WorkerPodFactory;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The controller benchmark of issue 3, against Fabric8's mock API server in CRUD mode (a runnable
 * command, not a timed test):
 * <ol>
 *   <li>N single-host jobs created at once: time until every worker pod exists, next to the time a bare
 *       Fabric8 client takes to make the same creates (the same N jobs and the same N pods, built by the
 *       same factory, with the same client concurrency) on a fresh server in the same run, as a ratio;
 *       and the operator's heap after the run (its informer caches hold the N jobs and N pods);</li>
 *   <li>preemption reaction: time from a worker's {@code DisruptionTarget} status to every pod of the
 *       next attempt existing, p50 and p99 over M preemptions of a four-host gang.</li>
 * </ol>
 * Arguments: {@code [jobs=1000] [preemptions=100] [clientThreads=16] [rounds=3]}; part 1 reports the median ratio of
 * the rounds, which alternate the bare and the operator run.
 */
public final class ControllerBenchmark {

  static final String NAMESPACE = "bench";
  /** Held so the level sticks (JUL keeps loggers weakly): the mock server logs every request at INFO. */
  static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int preemptions = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    System.out.printf(Locale.ROOT, "segtpu controller benchmark: %d jobs, %d preemptions, %d client threads, Java %s, %d CPUs%n",
        jobs, preemptions, threads, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

    // Warm-up (JIT, class loading) with one full-size run of each, not reported (smaller warm-ups left
    // the first rounds up to twice as slow as the later ones); the operator's warm-up also yields the
    // launch status it writes, which the status-floor run writes in turn.
    bareClient(jobs, threads);
    SegmentationTrainingJobStatus launchStatus = operatorRun(jobs, threads, false).launchStatus();
    statusFloor(jobs, threads, launchStatus);

    // Rounds alternate the runs so that load from elsewhere on the machine hits them alike.
    List<Double> ratios = new ArrayList<>();
    List<Double> floorRatios = new ArrayList<>();
    List<Double> overFloor = new ArrayList<>();
    OperatorResult operator = null;
    for (int round = 1; round <= rounds; round++) {
      Duration bare = bareClient(jobs, threads);
      Duration floor = statusFloor(jobs, threads, launchStatus);
      operator = operatorRun(jobs, threads, round == rounds);
      double ratio = (double) operator.elapsed.toNanos() / bare.toNanos();
      ratios.add(ratio);
      floorRatios.add((double) floor.toNanos() / bare.toNanos());
      overFloor.add((double) operator.elapsed.toNanos() / floor.toNanos());
      System.out.printf(Locale.ROOT, "round %d: %d jobs -> pods: operator %.2f s, bare client %.2f s, status floor %.2f s;"
              + " operator/bare %.2f, floor/bare %.2f, operator/floor %.2f%n",
          round, jobs, seconds(operator.elapsed), seconds(bare), seconds(floor), ratio, floorRatios.get(round - 1),
          overFloor.get(round - 1));
    }
    System.out.printf(Locale.ROOT, "median ratio over %d rounds: %.2f (target <= 1.3)%n", rounds, median(ratios));
    System.out.printf(Locale.ROOT, "status floor (bare creates + one status write per job + a job watch): median %.2f x the bare client;"
        + " the operator at %.2f x the floor%n", median(floorRatios), median(overFloor));
    System.out.printf(Locale.ROOT, "operator heap after the run (informer caches of %d jobs and %d pods, after GC, mock server released): %.1f MiB (target <= 256 MiB)%n",
        jobs, jobs, operator.heapMiB);

    List<Duration> reactions = preemptionReactions(preemptions);
    System.out.printf(Locale.ROOT, "preemption reaction over %d preemptions of a 4-host gang: p50 %.0f ms, p99 %.0f ms, max %.0f ms (targets p50 <= 1 s, p99 <= 3 s)%n",
        reactions.size(), millis(percentile(reactions, 0.50)), millis(percentile(reactions, 0.99)),
        millis(percentile(reactions, 1.0)));
    System.exit(0);
  }

  /** An operator run's time until the last pod, its heap, and the status it wrote for the first job at launch. */
  record OperatorResult(Duration elapsed, double heapMiB, SegmentationTrainingJobStatus launchStatus) {}

  static final class Cluster implements AutoCloseable {
    final KubernetesMockServer server;
    final KubernetesClient client;

    Cluster() {
      server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
      server.init();
      client = server.createClient();
      client.apiextensions().v1().customResourceDefinitions().resource(client.getKubernetesSerialization().unmarshal(
          ControllerBenchmark.class.getResourceAsStream("/META-INF/fabric8/segmentationtrainingjobs.segtpu.dev-v1.yml"),
          CustomResourceDefinition.class)).create();
    }

    @Override
    public void close() {
      client.close();
      server.destroy();
    }
  }

  /** The requests the server has recorded, counted by method and resource (names and namespaces left out). */
  static Map<String, Integer> requestsByKind(KubernetesMockServer server) throws InterruptedException {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (var request = server.takeRequest(1, TimeUnit.MILLISECONDS); request != null;
         request = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
      String path = request.getPath();
      boolean watch = path.contains("watch=true");
      String[] parts = path.replaceFirst("\\?.*", "").split("/");
      int kind = java.util.Arrays.asList(parts).indexOf("namespaces") + 2;
      String resource = kind > 1 && kind < parts.length ? parts[kind] + (parts.length > kind + 2 ? "/" + parts[kind + 2] : "")
          : parts[parts.length - 1];
      counts.merge(request.getMethod() + " " + resource + (watch ? " (watch)" : ""), 1, Integer::sum);
    }
    return counts;
  }

  static SegmentationTrainingJob job(int i) {
    return Jobs.job("job-" + i, NAMESPACE, TpuGeneration.V5E, "2x4", Provisioning.SPOT);
  }

  /** Counts down once per distinct pod added: both runs wait for their pods through the same watch. */
  static io.fabric8.kubernetes.client.Watch countPods(KubernetesClient client, CountDownLatch latch) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return client.pods().inNamespace(NAMESPACE).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        if (action == Action.ADDED && seen.add(pod.getMetadata().getName())) {
          latch.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) { }
    });
  }

  /** The same creates without an operator: each job, then the pod the operator would make for it. */
  static Duration bareClient(int jobs, int threads) throws Exception {
    return clientRun("bare client", jobs, threads, null);
  }

  /**
   * The least any operator that records a launch in the job's status asks of the server: the bare
   * client's creates, a watch on the jobs (an operator's informer), and one status write per job after
   * its pod (the operator's own launch status, PUT with the resourceVersion of the create, as the
   * operator's {@code StatusWriter} does). No decisions, no caches: what is left of the operator's
   * time above this is its own overhead.
   */
  static Duration statusFloor(int jobs, int threads, SegmentationTrainingJobStatus launchStatus) throws Exception {
    return clientRun("status floor", jobs, threads, launchStatus);
  }

  /** Creates each job and its pod from a plain client; with a launch status, also watches the jobs and writes it. */
  private static Duration clientRun(String name, int jobs, int threads, SegmentationTrainingJobStatus launchStatus)
      throws Exception {
    try (Cluster cluster = new Cluster()) {
      CountDownLatch allPods = new CountDownLatch(jobs);
      var podWatch = countPods(cluster.client, allPods);
      var jobWatch = launchStatus == null ? null
          : cluster.client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, SegmentationTrainingJob job) { }

            @Override
            public void onClose(WatcherException cause) { }
          });
      SliceShape slice = TpuCatalog.load().requireSlice(TpuGeneration.V5E, "2x4");
      WorkerPodFactory pods = new WorkerPodFactory(OperatorSettings.defaults().workloadDefaults());
      long start = System.nanoTime();
      parallel(jobs, threads, i -> {
        SegmentationTrainingJob created = cluster.client.resource(job(i)).create();
        cluster.client.resource(pods.worker(new AttemptPlan(created, created.getSpec(), slice, 1, Provisioning.SPOT, "600s"), 0))
            .create();
        if (launchStatus == null) {
          return null;
        }
        created.setStatus(cluster.client.getKubernetesSerialization().clone(launchStatus));
        return cluster.client.resource(created).updateStatus();
      });
      allPods.await(10, TimeUnit.MINUTES);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      podWatch.close();
      if (jobWatch != null) {
        jobWatch.close();
      }
      if (Boolean.getBoolean("bench.requests")) {
        System.out.println(name + " API requests: " + cluster.server.getRequestCount() + " " + requestsByKind(cluster.server));
      }
      return elapsed;
    }
  }

  static OperatorResult operatorRun(int jobs, int threads, boolean measureHeap) throws Exception {
    long heapBefore = usedHeapAfterGc();
    Cluster cluster = new Cluster();
    OperatorSettings settings = OperatorSettings.parse(new String[] {"--namespaces=" + NAMESPACE, "--leader-election=false", "--allowed-host-path-prefixes=/"},
        Map.of());
    OperatorAssembly assembly = new OperatorAssembly(settings, cluster.client);
    Operator operator = assembly.operator(new Metrics() { });
    operator.start();
    CountDownLatch allPods = new CountDownLatch(jobs);
    var watch = countPods(cluster.client, allPods);
    long start = System.nanoTime();
    parallel(jobs, threads, i -> cluster.client.resource(job(i)).create());
    if (!allPods.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("only " + (jobs - allPods.getCount()) + " of " + jobs + " pods appeared");
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    watch.close();
    if (Boolean.getBoolean("bench.requests")) {
      System.out.println("operator run API requests until the last pod: " + cluster.server.getRequestCount());
      Thread.sleep(3000);
      System.out.println("operator run API requests 3 s later: " + cluster.server.getRequestCount() + " " + requestsByKind(cluster.server));
    }
    SegmentationTrainingJobStatus launchStatus = awaitStatus(cluster.client, "job-0");
    double heap = 0;
    if (measureHeap) {
      // Let the status writes that follow the pod creations settle, then release the mock server's data.
      Thread.sleep(3000);
      cluster.server.destroy();
      heap = (usedHeapAfterGc() - heapBefore) / (1024.0 * 1024.0);
    }
    operator.stop();
    assembly.close();
    cluster.close();
    return new OperatorResult(elapsed, heap, launchStatus);
  }

  static SegmentationTrainingJobStatus awaitStatus(KubernetesClient client, String name) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      SegmentationTrainingJob job = client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName(name).get();
      if (job.getStatus() != null && job.getStatus().phase != null) {
        return job.getStatus();
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException(name + " has no status after 10 s");
  }

  /** Disrupts one worker of a running 4-host gang, times until the next attempt's 4 pods exist; repeats. */
  static List<Duration> preemptionReactions(int count) throws Exception {
    List<Duration> reactions = new ArrayList<>();
    try (Cluster cluster = new Cluster()) {
      OperatorSettings settings = OperatorSettings.parse(new String[] {"--namespaces=" + NAMESPACE, "--leader-election=false", "--allowed-host-path-prefixes=/"},
          Map.of());
      OperatorAssembly assembly = new OperatorAssembly(settings, cluster.client);
      Operator operator = assembly.operator(new Metrics() { });
      operator.start();
      Map<Integer, CountDownLatch> attempts = new ConcurrentHashMap<>();
      for (int attempt = 1; attempt <= count + 1; attempt++) {
        attempts.put(attempt, new CountDownLatch(4));
      }
      var watch = cluster.client.pods().inNamespace(NAMESPACE).watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Pod pod) {
          if (action == Action.ADDED) {
            CountDownLatch latch = attempts.get(Integer.parseInt(pod.getMetadata().getLabels().get(GangNames.ATTEMPT_LABEL)));
            if (latch != null) {
              latch.countDown();
            }
          }
        }

        @Override
        public void onClose(WatcherException cause) { }
      });
      cluster.client.resource(Jobs.job("gang", NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT)).create();
      for (int attempt = 1; attempt <= count; attempt++) {
        attempts.get(attempt).await(1, TimeUnit.MINUTES);
        for (int worker = 0; worker < 4; worker++) {
          String name = "gang-a" + attempt + "-w" + worker;
          Pod pod = cluster.client.pods().inNamespace(NAMESPACE).withName(name).get();
          cluster.client.pods().inNamespace(NAMESPACE).withName(name).edit(p -> {
            p.getSpec().setNodeName("node-" + p.getMetadata().getLabels().get(GangNames.WORKER_LABEL));
            return p;
          });
          Pod running = PodStates.running("node-" + worker, "10.1.0." + worker).apply(pod);
          cluster.client.pods().inNamespace(NAMESPACE).withName(name).editStatus(p -> {
            p.setStatus(running.getStatus());
            return p;
          });
        }
        awaitPhase(cluster.client, Phase.Running, attempt);
        String victim = "gang-a" + attempt + "-w" + (attempt % 4);
        Pod before = cluster.client.pods().inNamespace(NAMESPACE).withName(victim).get();
        Pod disrupted = PodStates.disrupted("TerminationByKubelet").apply(before);
        long start = System.nanoTime();
        cluster.client.pods().inNamespace(NAMESPACE).withName(victim).editStatus(p -> {
          p.setStatus(disrupted.getStatus());
          return p;
        });
        if (!attempts.get(attempt + 1).await(1, TimeUnit.MINUTES)) {
          throw new IllegalStateException("attempt " + (attempt + 1) + " did not appear");
        }
        reactions.add(Duration.ofNanos(System.nanoTime() - start));
      }
      watch.close();
      operator.stop();
      assembly.close();
    }
    return reactions;
  }

  static void awaitPhase(KubernetesClient client, Phase phase, int attempt) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      SegmentationTrainingJob job = client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName("gang").get();
      if (job.getStatus() != null && job.getStatus().phase == phase && job.getStatus().attemptOrZero() == attempt) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("job did not reach " + phase + " in attempt " + attempt);
  }

  static void parallel(int count, int threads, Function<Integer, Object> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      for (Future<Object> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  static Duration percentile(List<Duration> values, double p) {
    List<Duration> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
