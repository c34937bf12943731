package dev.segtpu.operator.calibration;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.plan.Calibration;
import dev.segtpu.tpu.Topology;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code --record-throughput}, records each job that succeeds: its last measured images per second joins the {@link Calibration} for
 * its configuration in the ConfigMap {@value #NAME} of the operator's namespace. Runs while this replica
 * leads (as the orphan sweep does), so one replica writes; the ConfigMap also remembers the last
 * {@value #REMEMBERED} job UIDs it counted, so a job is never counted twice. A job that succeeds while
 * no replica leads is not counted: calibration is a sample, not a ledger. Read-modify-write with the
 * ConfigMap's resourceVersion, retried on conflict. The Helm chart creates the ConfigMap and grants only
 * {@code get} and {@code update} on that one name; without the chart the recorder creates it.
 */
public final class ThroughputRecorder implements Supplier<Calibration>, AutoCloseable {

  public static final String NAME = "segtpu-throughput";
  static final String RECORDED = "segtpu.dev/recorded-jobs";
  static final int REMEMBERED = 200;
  private static final Logger log = LoggerFactory.getLogger(ThroughputRecorder.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Set<String> watched;
  private final AtomicReference<Calibration> current = new AtomicReference<>(Calibration.empty());
  private final List<SharedIndexInformer<SegmentationTrainingJob>> informers = new ArrayList<>();

  /**
   * @param namespace where the ConfigMap lives (the operator's own)
   * @param watched the namespaces whose jobs count; empty: all
   */
  public ThroughputRecorder(KubernetesClient client, String namespace, Set<String> watched) {
    this.client = client;
    this.namespace = namespace;
    this.watched = Set.copyOf(watched);
  }

  /** The calibration as last read or written. */
  @Override
  public Calibration get() {
    return current.get();
  }

  public synchronized void start() {
    if (!informers.isEmpty()) {
      return;
    }
    try {
      Optional.ofNullable(configMap()).ifPresent(map -> current.set(Calibration.fromData(map.getData())));
    } catch (RuntimeException e) {
      log.warn("cannot read ConfigMap {}/{}: {}; planning without measured throughput until a job succeeds", namespace, NAME,
          e.getMessage());
    }
    ResourceEventHandler<SegmentationTrainingJob> handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(SegmentationTrainingJob job) {
      }

      @Override
      public void onUpdate(SegmentationTrainingJob before, SegmentationTrainingJob after) {
        if (succeeded(after) && !succeeded(before)) {
          record(after);
        }
      }

      @Override
      public void onDelete(SegmentationTrainingJob job, boolean unknownFinalState) {
      }
    };
    var jobs = client.resources(SegmentationTrainingJob.class);
    if (watched.isEmpty()) {
      informers.add(jobs.inAnyNamespace().inform(handler));
    } else {
      watched.forEach(ns -> informers.add(jobs.inNamespace(ns).inform(handler)));
    }
  }

  public synchronized void stop() {
    informers.forEach(SharedIndexInformer::stop);
    informers.clear();
  }

  @Override
  public void close() {
    stop();
  }

  /** Counts a succeeded job once, if it reported a throughput. */
  void record(SegmentationTrainingJob job) {
    Optional<String> key = key(job.getSpec());
    SegmentationTrainingJobStatus status = job.getStatus();
    Double imagesPerSecond = status.throughput == null ? null : status.throughput.imagesPerSecond;
    if (key.isEmpty() || imagesPerSecond == null || !(imagesPerSecond > 0)) {
      return;
    }
    String uid = job.getMetadata().getUid();
    for (int tries = 0; tries < 5; tries++) {
      try {
        ConfigMap map = configMap();
        List<String> recorded = map == null ? new ArrayList<>() : recorded(map);
        if (recorded.contains(uid)) {
          return;
        }
        Calibration next = (map == null ? Calibration.empty() : Calibration.fromData(map.getData())).record(key.get(), imagesPerSecond);
        recorded.add(uid);
        List<String> kept = recorded.subList(Math.max(0, recorded.size() - REMEMBERED), recorded.size());
        if (map == null) {
          client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
              .withNewMetadata().withName(NAME).withNamespace(namespace)
              .addToLabels("app.kubernetes.io/managed-by", "segtpu-operator")
              .addToAnnotations(RECORDED, String.join(",", kept)).endMetadata()
              .withData(next.toData())
              .build()).create();
        } else {
          // the map may be the chart's (Helm's ownership labels and annotations): change only what is ours
          ConfigMap updated = new ConfigMapBuilder(map)
              .editMetadata().addToAnnotations(RECORDED, String.join(",", kept)).endMetadata()
              .withData(next.toData())
              .build();
          client.configMaps().inNamespace(namespace).resource(updated).update();
        }
        current.set(next);
        log.info("{}/{}: {} images/s recorded for {}", job.getMetadata().getNamespace(), job.getMetadata().getName(),
            imagesPerSecond, key.get());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          log.warn("cannot record the throughput of {}/{} in ConfigMap {}/{}: {}", job.getMetadata().getNamespace(),
              job.getMetadata().getName(), namespace, NAME, e.getMessage());
          return;
        }
      } catch (IllegalArgumentException e) {
        log.warn("ConfigMap {}/{} is not a calibration ({}); fix or delete it", namespace, NAME, e.getMessage());
        return;
      }
    }
  }

  /** The calibration key of a job: its model and crop on all its slices' chips. */
  static Optional<String> key(SegmentationTrainingJobSpec spec) {
    if (spec == null || spec.model == null || spec.model.architecture == null || spec.tpu == null
        || spec.tpu.generation == null || spec.tpu.topology == null || !Topology.isWellFormed(spec.tpu.topology)) {
      return Optional.empty();
    }
    int chips = Topology.parse(spec.tpu.topology).chips() * spec.tpu.slicesOrDefault();
    return Optional.of(Calibration.key(spec.model.architecture, spec.model.backboneOrDefault(), spec.model.imageSizeOrDefault(),
        spec.tpu.generation, chips));
  }

  private ConfigMap configMap() {
    return client.configMaps().inNamespace(namespace).withName(NAME).get();
  }

  private static List<String> recorded(ConfigMap map) {
    String value = map.getMetadata().getAnnotations() == null ? null : map.getMetadata().getAnnotations().get(RECORDED);
    return value == null || value.isBlank() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(value.split(",")));
  }

  private static boolean succeeded(SegmentationTrainingJob job) {
    return job.getStatus() != null && job.getStatus().phase == Phase.Succeeded;
  }
}
