package dev.segtpu.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.OperatorAssembly;
import dev.segtpu.operator.OperatorSettings;
import dev.segtpu.operator.checkpointing.CheckpointIntervalChoice;
import dev.segtpu.operator.reconcile.decide.Figures;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The real operator (JOSDK, informers, reconciler) against Fabric8's mock API server in CRUD mode,
 * with the SegmentationTrainingJob CRD installed. The mock runs no scheduler, kubelet or garbage
 * collector: tests move pods through their lives with {@link #setPod}.
 */
public final class OperatorHarness implements AutoCloseable {

  public static final String NAMESPACE = "ml";
  public static final Duration WAIT = Duration.ofSeconds(15);

  /** Held so the level sticks (JUL keeps loggers weakly): the mock server logs every request at INFO. */
  static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  public final KubernetesMockServer server;
  public final KubernetesClient client;
  private final OperatorSettings settings;
  private final Figures figures;
  private final MeterRegistry registry;
  private OperatorAssembly assembly;
  private Operator operator;

  private OperatorHarness(OperatorSettings settings, Figures figures, MeterRegistry registry) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    this.server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    this.client = server.createClient();
    this.settings = settings;
    this.figures = figures;
    this.registry = registry;
    CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(
        OperatorHarness.class.getResourceAsStream("/META-INF/fabric8/segmentationtrainingjobs.segtpu.dev-v1.yml"),
        CustomResourceDefinition.class);
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    // JOSDK's leader election first asks whether it may use Leases; the mock cannot answer that itself.
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
            .withNewMetadata().endMetadata()
            .withNewStatus().withIncomplete(false)
              .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
            .endStatus().build())
        .always();
  }

  /** Fast timings so backoff, polling and deadlines fit in a test. */
  public static OperatorSettings testSettings(String... extra) {
    String[] base = {
        "--namespaces=" + NAMESPACE, "--leader-election=false", "--backoff-base=200ms", "--backoff-max=1s",
        "--status-poll-interval=300ms", "--status-poll-timeout=500ms", "--identity=test-operator",
        "--allowed-host-path-prefixes=/"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return OperatorSettings.parse(args, Map.of());
  }

  public static OperatorHarness start(String... extraSettings) {
    return start(testSettings(extraSettings), Figures.UNCHANGED);
  }

  /** The operator with {@code figures}; its per-job series go to a registry nobody scrapes. */
  public static OperatorHarness start(OperatorSettings settings, Figures figures) {
    return start(settings, figures, new SimpleMeterRegistry());
  }

  /** The operator with {@code figures}, publishing its per-job series on {@code registry}. */
  public static OperatorHarness start(OperatorSettings settings, Figures figures, MeterRegistry registry) {
    OperatorHarness harness = new OperatorHarness(settings, figures, registry);
    harness.startOperator();
    return harness;
  }

  public void startOperator() {
    assembly = new OperatorAssembly(settings, client, Clock.systemUTC(), registry, figures,
        CheckpointIntervalChoice.fixed(settings.autoCheckpointInterval()));
    operator = assembly.operator(new Metrics() { });
    operator.start();
  }

  /** The running operator's parts (its throughput recorder, …). */
  public OperatorAssembly assembly() {
    return assembly;
  }

  public void stopOperator() {
    operator.stop();
    assembly.close();
  }

  /** Stops the operator and starts a new one on the same cluster, as a crash and restart would. */
  public void restartOperator() {
    stopOperator();
    startOperator();
  }

  public SegmentationTrainingJob create(SegmentationTrainingJob job) {
    return client.resource(job).create();
  }

  public SegmentationTrainingJob job(String name) {
    return client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName(name).get();
  }

  public SegmentationTrainingJob editJob(String name, UnaryOperator<SegmentationTrainingJob> change) {
    return client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName(name).edit(change);
  }

  public List<Pod> pods(String job) {
    return client.pods().inNamespace(NAMESPACE).withLabel(GangNames.JOB_LABEL, job).list().getItems().stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
  }

  public List<Pod> pods(String job, int attempt) {
    return pods(job).stream().filter(p -> String.valueOf(attempt).equals(p.getMetadata().getLabels().get(GangNames.ATTEMPT_LABEL)))
        .toList();
  }

  /** Waits until the job has exactly {@code count} pods, all of attempt {@code attempt}. */
  public List<Pod> awaitGang(String job, int attempt, int count) {
    await().atMost(WAIT).until(() -> {
      List<Pod> pods = pods(job);
      return pods.size() == count && pods.stream()
          .allMatch(p -> String.valueOf(attempt).equals(p.getMetadata().getLabels().get(GangNames.ATTEMPT_LABEL)));
    });
    return pods(job);
  }

  public SegmentationTrainingJob awaitPhase(String name, Phase phase) {
    await().atMost(WAIT).until(() -> {
      SegmentationTrainingJob job = job(name);
      return job != null && job.getStatus() != null && job.getStatus().phase == phase;
    });
    return job(name);
  }

  /** Applies a change to a pod the way the kubelet or scheduler would: spec (node binding) and status. */
  public Pod setPod(String podName, UnaryOperator<Pod> change) {
    Pod current = client.pods().inNamespace(NAMESPACE).withName(podName).get();
    Pod changed = change.apply(client.getKubernetesSerialization().clone(current));
    if (changed.getSpec() != null && changed.getSpec().getNodeName() != null
        && !changed.getSpec().getNodeName().equals(current.getSpec().getNodeName())) {
      client.pods().inNamespace(NAMESPACE).withName(podName).edit(p -> {
        p.getSpec().setNodeName(changed.getSpec().getNodeName());
        return p;
      });
    }
    return client.pods().inNamespace(NAMESPACE).withName(podName).editStatus(p -> {
      p.setStatus(changed.getStatus());
      return p;
    });
  }

  public void setGang(String job, int attempt, UnaryOperator<Pod> change) {
    for (Pod pod : pods(job, attempt)) {
      setPod(pod.getMetadata().getName(), change);
    }
  }

  /** The reasons of the job's events, oldest first. */
  public List<String> eventReasons(String job) {
    assembly.events().flush();
    return events(job).stream().map(Event::getReason).toList();
  }

  public List<Event> events(String job) {
    assembly.events().flush();
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> job.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing((Event e) -> e.getFirstTimestamp()).thenComparing(e -> e.getMetadata().getName()))
        .toList();
  }

  public Set<String> podNames(String job) {
    return Set.copyOf(pods(job).stream().map(p -> p.getMetadata().getName()).toList());
  }

  @Override
  public void close() {
    try {
      stopOperator();
    } finally {
      client.close();
      server.destroy();
    }
  }
}
