package dev.segtpu.operator;

import dev.segtpu.operator.calibration.ThroughputRecorder;
import dev.segtpu.operator.checkpointing.CheckpointIntervalChoice;
import dev.segtpu.operator.http.OpsHttpServer;
import dev.segtpu.operator.reconcile.decide.Figures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the segtpu operator: reads its settings (flags and environment, see {@link OperatorSettings#usage()}),
 * connects to the cluster (in-cluster service account or kubeconfig), takes part in leader election, and
 * serves {@code /healthz}, {@code /readyz} and {@code /metrics}.
 */
public final class OperatorMain {

  private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  /**
   * A started operator with its HTTP server; {@link #close()} stops both, and unhooks the GC listener so
   * an operator restarted in the same JVM (the sandbox) leaves nothing behind.
   */
  public record Running(Operator operator, OperatorAssembly assembly, OpsHttpServer http, PrometheusMeterRegistry registry,
                        JvmGcMetrics gcMetrics) implements AutoCloseable {

    @Override
    public void close() {
      try {
        operator.stop();
      } finally {
        assembly.close();
        http.close();
        gcMetrics.close();
      }
    }
  }

  /** Started, and no informer reports itself unhealthy (a follower replica is ready too: it can take over). */
  static boolean ready(Operator operator) {
    try {
      return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help")) {
      System.out.print(OperatorSettings.usage());
      return;
    }
    OperatorSettings settings;
    try {
      settings = OperatorSettings.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      // A setting the operator cannot use: say which, without a stack trace, and exit as a usage error.
      System.err.println("segtpu operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Running running = start(settings, client, registry);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping");
      running.close();
      client.close();
      stopped.countDown();
    }, "segtpu-shutdown"));
    stopped.await();
  }

  /**
   * Starts the operator with its real cost, goodput and per-job series (on {@code registry}), the interval
   * planner, and estimates calibrated by the throughput finished jobs measured.
   */
  public static Running start(OperatorSettings settings, KubernetesClient client, PrometheusMeterRegistry registry) {
    ThroughputRecorder measured = OperatorAssembly.throughputRecorder(settings, client);
    return start(settings, client, registry, OperatorAssembly.figures(settings, measured), OperatorAssembly.plannedIntervals(settings),
        measured);
  }

  /**
   * Starts the operator on {@code client}. {@code figures} is where per-job cost and goodput plug in
   * (the per-job series and the figures' price table go to {@code registry}); {@code intervals}
   * resolves {@code checkpoint.interval: auto}.
   */
  public static Running start(OperatorSettings settings, KubernetesClient client, PrometheusMeterRegistry registry,
                              Figures figures, CheckpointIntervalChoice intervals) {
    return start(settings, client, registry, figures, intervals, OperatorAssembly.throughputRecorder(settings, client));
  }

  private static Running start(OperatorSettings settings, KubernetesClient client, PrometheusMeterRegistry registry,
                               Figures figures, CheckpointIntervalChoice intervals, ThroughputRecorder measured) {
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    OperatorAssembly assembly = new OperatorAssembly(settings, client, Clock.systemUTC(), registry, figures, intervals, measured);
    Operator operator = assembly.operator(MicrometerMetrics.withoutPerResourceMetrics(registry));
    OpsHttpServer http = OpsHttpServer.start(settings.metricsPort(),
        () -> true,
        () -> ready(operator),
        registry::scrape);
    operator.start();
    log.info("segtpu operator started: namespaces {}, leader election {}, metrics on :{}",
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(), settings.leaderElection(), http.port());
    return new Running(operator, assembly, http, registry, gcMetrics);
  }
}
