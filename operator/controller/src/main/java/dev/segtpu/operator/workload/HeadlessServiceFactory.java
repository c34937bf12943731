package dev.segtpu.operator.workload;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.contract.TrainerContract;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;

/**
 * The headless Service of a job of several workers (a multi-host slice, several slices, or both): one
 * per job, whatever its number of slices. With the pods' {@code hostname}/{@code subdomain} it gives
 * every worker a stable DNS name ({@code worker-<i>.<job>-workers}, {@code i} counting across slices) that
 * survives restarts, which is what {@code TPU_WORKER_HOSTNAMES}, {@code SEGTPU_PEER_HOSTNAMES} and
 * {@code MEGASCALE_COORDINATOR_ADDRESS} name. It selects the job's workers of any attempt and publishes
 * addresses before readiness, because workers must find each other while starting.
 */
public final class HeadlessServiceFactory {

  private HeadlessServiceFactory() {}

  public static Service service(SegmentationTrainingJob job, int statusPort) {
    Map<String, String> labels = WorkerPodFactory.commonLabels(job);
    return new ServiceBuilder()
        .withNewMetadata()
          .withName(GangNames.serviceName(job.getMetadata().getName()))
          .withNamespace(job.getMetadata().getNamespace())
          .withLabels(labels)
          .withOwnerReferences(WorkerPodFactory.ownerReference(job))
        .endMetadata()
        .withNewSpec()
          .withClusterIP("None")
          .withPublishNotReadyAddresses(true)
          .addToSelector(GangNames.JOB_LABEL, GangNames.jobLabelValue(job))
          .addToSelector(GangNames.COMPONENT_LABEL, GangNames.WORKER_COMPONENT)
          .addNewPort().withName(WorkerPodFactory.STATUS_PORT_NAME).withPort(statusPort).withProtocol("TCP").endPort()
          .addNewPort().withName(WorkerPodFactory.COLLECTIVE_PORT_NAME).withPort(TrainerContract.DEFAULT_COLLECTIVE_PORT)
            .withProtocol("TCP").endPort()
        .endSpec()
        .build();
  }
}
