package dev.segtpu.operator.metrics;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/** Makes Java Operator SDK's real Micrometer support record a timed reconcile that fails, as its Controller does. */
final class JosdkReconcile {

  private JosdkReconcile() {}

  static void failOnce(MeterRegistry registry) throws Exception {
    MicrometerMetrics josdk = MicrometerMetrics.newMicrometerMetricsBuilder(registry).build();
    SegmentationTrainingJob job = JobMetricsTest.runningJob("voc", Provisioning.SPOT);
    Map<String, Object> metadata = Map.of(Constants.RESOURCE_GVK_KEY, GroupVersionKind.gvkFor(SegmentationTrainingJob.class),
        Constants.CONTROLLER_NAME, "segmentationtrainingjob");
    // reconcileCustomResource (reconciliations.started) needs a registered Controller, so the dashboards
    // count reconciles with the execution timer instead
    josdk.timeControllerExecution(new ReconcileExecution(ResourceID.fromResource(job), metadata));
    josdk.failedReconciliation(job, new IllegalStateException("boom"), metadata);
  }

  /** Shaped like the execution JOSDK's Controller times for a reconcile (its name() is "reconcile"). */
  private record ReconcileExecution(ResourceID resourceID, Map<String, Object> metadata)
      implements Metrics.ControllerExecution<String> {
    @Override
    public String name() {
      return "reconcile";
    }

    @Override
    public String controllerName() {
      return "segmentationtrainingjob";
    }

    @Override
    public String successTypeName(String result) {
      return result;
    }

    @Override
    public String execute() {
      return "resource";
    }
  }
}
