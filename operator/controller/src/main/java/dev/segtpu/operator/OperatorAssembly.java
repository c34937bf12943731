package dev.segtpu.operator;

import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.validation.SpecValidator;
import dev.segtpu.operator.calibration.ThroughputRecorder;
import dev.segtpu.operator.checkpointing.CheckpointIntervalChoice;
import dev.segtpu.operator.checkpointing.IntervalPlanner;
import dev.segtpu.operator.checkpointing.PlannedIntervals;
import dev.segtpu.operator.cleanup.OrphanSweeper;
import dev.segtpu.operator.figures.accounting.JobFigures;
import dev.segtpu.operator.gang.GangObserver;
import dev.segtpu.operator.gang.NodeLiveness;
import dev.segtpu.operator.gang.PodEndingClassifier;
import dev.segtpu.operator.metrics.JobMetrics;
import dev.segtpu.operator.metrics.PriceTableSeries;
import dev.segtpu.operator.nodes.NodeWatch;
import dev.segtpu.operator.progress.TrainerStatusPoller;
import dev.segtpu.operator.reconcile.JobCloner;
import dev.segtpu.operator.reconcile.TrainingJobReconciler;
import dev.segtpu.operator.reconcile.act.EventRecorder;
import dev.segtpu.operator.reconcile.act.GangActuator;
import dev.segtpu.operator.reconcile.act.StatusWriter;
import dev.segtpu.operator.reconcile.decide.Figures;
import dev.segtpu.operator.reconcile.decide.GangDecider;
import dev.segtpu.operator.reconcile.decide.StatusRefresh;
import dev.segtpu.operator.reconcile.observe.JobObserver;
import dev.segtpu.operator.reconcile.observe.SpecGate;
import dev.segtpu.operator.reconcile.observe.StatusWrites;
import dev.segtpu.operator.workload.WorkerPodFactory;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Wires the reconciler's steps (observe, decide, act, publish) from the settings: the one place that knows every class, shared by
 * {@link OperatorMain}, the tests and the benchmark.
 */
public final class OperatorAssembly implements AutoCloseable {

  private final OperatorSettings settings;
  private final KubernetesClient client;
  private final TpuCatalog catalog;
  private final TrainerStatusPoller poller;
  private final EventRecorder events;
  private final TrainingJobReconciler reconciler;
  private final OrphanSweeper sweeper;
  private final ThroughputRecorder throughput;

  /**
   * @param registry where the per-job series and the price table of {@code figures} are published
   * @param figures the cost and goodput the decide step puts in each status
   */
  public OperatorAssembly(OperatorSettings settings, KubernetesClient client, Clock clock, MeterRegistry registry,
                          Figures figures, CheckpointIntervalChoice intervals) {
    this(settings, client, clock, registry, figures, intervals, throughputRecorder(settings, client));
  }

  /**
   * @param throughput records succeeded jobs' throughput while this replica leads; {@code figures} may
   *     read it (the real ones do, for {@code status.estimate})
   */
  public OperatorAssembly(OperatorSettings settings, KubernetesClient client, Clock clock, MeterRegistry registry,
                          Figures figures, CheckpointIntervalChoice intervals, ThroughputRecorder throughput) {
    this.settings = settings;
    this.client = client;
    this.throughput = throughput;
    this.catalog = catalog(settings);
    this.poller = new TrainerStatusPoller(settings.statusPollTimeout(), settings.statusPollInterval(), clock);
    this.events = new EventRecorder(client, clock, settings.identity());
    NodeWatch nodeWatch = settings.watchNodes() ? new NodeWatch(clock) : null;
    NodeLiveness nodes = nodeWatch == null ? NodeLiveness.UNKNOWN : nodeWatch;
    // A status that differs only in clock-driven figures is written every two progress intervals (StatusRefresh).
    Duration statusRefresh = settings.statusPollInterval().multipliedBy(2);
    StatusWrites statusWrites = new StatusWrites(statusRefresh);
    figures.priceTable().ifPresent(new PriceTableSeries(registry)::show);
    this.reconciler = new TrainingJobReconciler(
        new JobObserver(
            new SpecGate(new SpecValidator(catalog, settings.hostPathPolicy()), client.getKubernetesSerialization()),
            catalog,
            new GangObserver(new PodEndingClassifier(nodes)),
            poller,
            statusWrites),
        new GangDecider(settings.lifecyclePolicy(), intervals, figures, new StatusRefresh(statusRefresh)),
        new GangActuator(new WorkerPodFactory(settings.workloadDefaults()), new StatusWriter(), events,
            settings.workloadDefaults().statusPort(), clock),
        new JobMetrics(registry, clock),
        statusWrites,
        poller,
        settings.workloadDefaults().statusPort(),
        clock,
        Duration.ofMillis(200));
    if (nodeWatch != null) {
      reconciler.withEventSource(nodeWatch);
    }
    this.sweeper = new OrphanSweeper(client, settings.namespaces(), settings.orphanSweepInterval());
  }

  /** The real figures and planner, with per-job series on {@code registry}. */
  public OperatorAssembly(OperatorSettings settings, KubernetesClient client, MeterRegistry registry) {
    this(settings, client, registry, throughputRecorder(settings, client));
  }

  private OperatorAssembly(OperatorSettings settings, KubernetesClient client, MeterRegistry registry, ThroughputRecorder throughput) {
    this(settings, client, Clock.systemUTC(), registry, figures(settings, throughput), plannedIntervals(settings), throughput);
  }

  /** The ConfigMap of measured throughput lives in the operator's namespace (the Lease's). */
  public static ThroughputRecorder throughputRecorder(OperatorSettings settings, KubernetesClient client) {
    return new ThroughputRecorder(client, settings.leaseNamespace(), settings.namespaces());
  }

  /** The real figures and planner; the per-job series go to a registry nobody scrapes. */
  public OperatorAssembly(OperatorSettings settings, KubernetesClient client) {
    this(settings, client, new SimpleMeterRegistry());
  }

  /** Cost (priced with the settings' price table) and goodput; estimates without measured throughput. */
  public static Figures figures(OperatorSettings settings) {
    return new JobFigures(settings.priceTable());
  }

  /** Cost, goodput, and estimates that prefer the throughput finished jobs measured. */
  public static Figures figures(OperatorSettings settings, ThroughputRecorder measured) {
    return new JobFigures(settings.priceTable(), measured);
  }

  /** {@code checkpoint.interval: auto} by Young/Daly from each job's preemptions and save time. */
  public static CheckpointIntervalChoice plannedIntervals(OperatorSettings settings) {
    return new PlannedIntervals(IntervalPlanner.defaults(), catalog(settings));
  }

  static TpuCatalog catalog(OperatorSettings settings) {
    TpuCatalog catalog = TpuCatalog.load();
    for (Map.Entry<TpuGeneration, String> label : settings.acceleratorLabels().entrySet()) {
      catalog = catalog.withAcceleratorLabel(label.getKey(), label.getValue());
    }
    return catalog;
  }

  /**
   * A JOSDK operator running the reconciler (not started). Server-side apply is off throughout. The
   * orphan sweep runs while this replica leads (from now on when there is no leader election).
   */
  public Operator operator(Metrics metrics) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withConcurrentReconciliationThreads(settings.reconcileThreads())
          .withResourceCloner(new JobCloner(client.getKubernetesSerialization()))
          .withMetrics(metrics);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
            .withLeaseNamespace(settings.leaseNamespace())
            .withIdentity(settings.identity())
            .withLeaseDuration(settings.leaseDuration())
            .withRenewDeadline(settings.leaseRenewDeadline())
            .withRetryPeriod(settings.leaseRetryPeriod())
            .withExitOnStopLeading(settings.exitOnLostLease())
            .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::stopLeading, leader -> { }))
            .build());
      }
    });
    if (!settings.leaderElection()) {
      lead();
    }
    operator.register(reconciler, o -> {
      if (settings.namespaces().isEmpty()) {
        o.watchingAllNamespaces();
      } else {
        o.settingNamespaces(settings.namespaces());
      }
    });
    return operator;
  }

  /** What only the leading replica does: sweep orphans, record finished jobs' throughput (with --record-throughput). */
  private void lead() {
    sweeper.start();
    if (settings.recordThroughput()) {
      throughput.start();
    }
  }

  private void stopLeading() {
    sweeper.stop();
    throughput.stop();
  }

  public ThroughputRecorder throughput() {
    return throughput;
  }

  public TrainingJobReconciler reconciler() {
    return reconciler;
  }

  public EventRecorder events() {
    return events;
  }

  public TpuCatalog catalog() {
    return catalog;
  }

  public OrphanSweeper sweeper() {
    return sweeper;
  }

  @Override
  public void close() {
    sweeper.close();
    throughput.close();
    events.flush();
    events.close();
    poller.close();
  }
}
