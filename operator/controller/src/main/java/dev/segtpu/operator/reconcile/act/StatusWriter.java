package dev.segtpu.operator.reconcile.act;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes the job status with optimistic locking (the resourceVersion read) and puts the result in the
 * operator's cache, so the next reconciliation sees it even before the watch event arrives. A conflict
 * is not retried here: the caller stops and reconciles the fresh job, because a decision made on a
 * stale job must not be carried out.
 */
public class StatusWriter {

  public SegmentationTrainingJob write(SegmentationTrainingJob job, SegmentationTrainingJobStatus status,
                                       Context<SegmentationTrainingJob> context) {
    try {
      return PrimaryUpdateAndCacheUtils.updateAndCacheResource(job, context,
          j -> {
            j.setStatus(status);
            return j;
          },
          j -> context.getClient().resource(j).updateStatus(),
          0, 0, 0);
    } catch (OperatorException e) {
      if (e.getCause() instanceof KubernetesClientException k && k.getCode() == 409) {
        throw new StatusConflict(job.getMetadata().getName(), e);
      }
      throw e;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new StatusConflict(job.getMetadata().getName(), e);
      }
      throw e;
    }
  }
}
