package dev.segtpu.sandbox;

import dev.segtpu.operator.OperatorMain;
import dev.segtpu.operator.OperatorSettings;
import dev.segtpu.sandbox.apiserver.EmbeddedApiServer;
import dev.segtpu.sandbox.gc.OrphanedPodCollector;
import dev.segtpu.sandbox.gc.OwnerReferenceCollector;
import dev.segtpu.sandbox.kueue.KueueAdmission;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.kubelet.SandboxKubelet;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.sandbox.nodepool.FlexStartCapacity;
import dev.segtpu.sandbox.nodepool.TpuNodes;
import dev.segtpu.sandbox.scheduler.SandboxScheduler;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The whole product on one machine: an embedded Kubernetes API, simulated GKE TPU node pools with a
 * scheduler, a kubelet that runs pods as local processes and a garbage collector, and the real operator
 * reconciling against it. Operator restarts and Spot reclaims can be injected.
 */
public final class Sandbox implements AutoCloseable {

  static final String CRD_RESOURCE = "META-INF/fabric8/segmentationtrainingjobs.segtpu.dev-v1.yml";
  static final String KUEUE_CRDS = "kueue-crds.yaml";

  private final SandboxOptions options;
  private final TpuCatalog catalog = TpuCatalog.load();
  private final Clock clock = Clock.systemUTC();
  private final EmbeddedApiServer apiServer;
  private final KubernetesClient client;
  private final SandboxScheduler scheduler;
  private final SandboxKubelet kubelet;
  private final FlexStartCapacity flexStart;
  /** How long pods wait for flex-start capacity in the sandbox. */
  public static final java.time.Duration FLEX_START_WAIT = java.time.Duration.ofSeconds(5);
  /** The graceful shutdown a flex-start node gets at the end of its run (as a Spot reclaim's). */
  static final java.time.Duration FLEX_START_SHUTDOWN_GRACE = java.time.Duration.ofSeconds(15);
  private final OwnerReferenceCollector collector;
  private final OrphanedPodCollector podGc;
  private final KueueAdmission kueue;
  private final Path kubeconfig;
  /** The operator's own client: its calls are logged under {@link #OPERATOR_USER_AGENT}. */
  public static final String OPERATOR_USER_AGENT = "segtpu-operator";
  private KubernetesClient operatorClient;
  private OperatorMain.Running operator;
  private int operatorStarts;

  private Sandbox(SandboxOptions options) {
    this.options = options;
    this.apiServer = EmbeddedApiServer.start(options.apiPort());
    this.client = apiServer.client();
    this.kubeconfig = apiServer.writeKubeconfig(options.root().resolve("kubeconfig"));
    apiServer.serveContainerLogsFrom(options.root());
    installCrd();
    installKueueCrds();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
        .createOr(existing -> existing.update());
    for (NodePoolSpec pool : options.nodePools()) {
      if (pool.provisioning() != dev.segtpu.api.Provisioning.FLEX_START) {
        addSlices(pool);
      }
    }
    this.scheduler = new SandboxScheduler(client, clock).start(100);
    this.kubelet = new SandboxKubelet(client, options.root(), LocalImages.forTrainerBuild(), clock).start(100);
    this.flexStart = new FlexStartCapacity(client, kubelet, catalog, options.nodePools(), FLEX_START_WAIT,
        FLEX_START_SHUTDOWN_GRACE, clock).start(200);
    this.collector = new OwnerReferenceCollector(client).start(500);
    this.podGc = new OrphanedPodCollector(client, clock, options.podGcQuarantine()).start(500);
    this.kueue = new KueueAdmission(client).start(300);
  }

  public static Sandbox start(SandboxOptions options) {
    Sandbox sandbox = new Sandbox(options);
    if (options.startOperator()) {
      sandbox.startOperator();
    }
    return sandbox;
  }

  private void installCrd() {
    try (InputStream in = Sandbox.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the segtpu-api jar lacks " + CRD_RESOURCE);
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      client.resource(client.getKubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class)).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kueue's kinds, so its objects (examples/kueue-flex-start) apply here as on a cluster with Kueue. */
  private void installKueueCrds() {
    try (InputStream in = Sandbox.class.getClassLoader().getResourceAsStream(KUEUE_CRDS)) {
      if (in == null) {
        throw new IllegalStateException("the sandbox jar lacks " + KUEUE_CRDS);
      }
      for (HasMetadata crd : client.load(in).items()) {
        client.resource(crd).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds every slice of a node pool (one Node per TPU host). */
  public List<Node> addSlices(NodePoolSpec pool) {
    List<Node> created = new java.util.ArrayList<>();
    for (int slice = 0; slice < pool.slices(); slice++) {
      created.addAll(addSlice(pool, slice));
    }
    return created;
  }

  /** Re-creates one slice's nodes, as GKE does when Spot capacity comes back. */
  public List<Node> addSlice(NodePoolSpec pool, int slice) {
    return TpuNodes.forSlice(pool, slice, catalog, clock.instant()).stream()
        .map(node -> client.nodes().resource(node).createOr(existing -> existing.update()))
        .toList();
  }

  /** Starts the operator in this JVM, as a fresh process of it would start (nothing carried over). */
  public synchronized void startOperator() {
    startOperator(OperatorSettings.parse(options.operatorArgs().toArray(String[]::new), Map.of()));
  }

  /**
   * Starts the operator with {@code settings} instead of the options' flags (e.g. a Helm chart's args and
   * env), as its main class does: real cost, goodput, interval planner and metrics server, whose port
   * is the options' {@code metricsPort}.
   */
  public synchronized void startOperator(OperatorSettings settings) {
    operatorClient = apiServer.client(OPERATOR_USER_AGENT);
    operator = OperatorMain.start(settings.withMetricsPort(options.metricsPort()), operatorClient,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    operatorStarts++;
  }

  /** Kills the operator: no graceful hand-over, as when its pod is evicted. */
  public synchronized void stopOperator() {
    if (operator != null) {
      operator.close();
      operatorClient.close();
      operator = null;
    }
  }

  /** The running operator's {@code /metrics}, on 127.0.0.1 (it listens on every address). */
  public synchronized URI operatorMetricsUrl() {
    if (operator == null) {
      throw new IllegalStateException("the operator is not running");
    }
    return URI.create("http://127.0.0.1:" + operator.http().port() + "/metrics");
  }

  public synchronized void restartOperator() {
    stopOperator();
    startOperator();
  }

  public synchronized int operatorStarts() {
    return operatorStarts;
  }

  public KubernetesClient client() {
    return client;
  }

  public SandboxKubelet kubelet() {
    return kubelet;
  }

  public EmbeddedApiServer apiServer() {
    return apiServer;
  }

  public TpuCatalog catalog() {
    return catalog;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public SandboxOptions options() {
    return options;
  }

  @Override
  public void close() {
    stopOperator();
    flexStart.close();
    kueue.close();
    collector.close();
    podGc.close();
    scheduler.close();
    kubelet.close();
    client.close();
    apiServer.close();
  }
}
