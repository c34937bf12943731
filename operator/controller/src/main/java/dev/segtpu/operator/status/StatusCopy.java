package dev.segtpu.operator.status;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Deep copies of status objects. The status types are plain mutable Jackson beans shared with the API
 * module; a step that hands a status to another copies it, so no step can change what another decided.
 */
public final class StatusCopy {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StatusCopy() {
  }

  /** A deep copy; {@code null} stays {@code null}. */
  public static <T> T of(T value) {
    return value == null ? null : SERIALIZATION.clone(value);
  }
}
