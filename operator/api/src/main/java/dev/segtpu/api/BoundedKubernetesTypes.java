package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes types the trainer section embeds ({@code EnvVar}, {@code ResourceRequirements}), field
 * for field, with bounds. They describe the schema only: {@link TrainerSpec} names them with
 * {@code @SchemaFrom}, so the CRD generator and the operator's validator ({@code validation.DeclaredBounds})
 * read their bounds, while the job is still read into Fabric8's own classes.
 *
 * <p>Why: Fabric8's classes carry no bounds, and the API server validates these fields only when they
 * reach a Pod, not when a job stores them. Without these a job could store a megabyte-long variable, a
 * name no container accepts, or a thousand resource entries, and the operator would find out only when
 * the API server refused the worker pod.
 *
 * <p>Every field of the Kubernetes type must be here, or the API server would prune it from stored jobs;
 * SchemaBoundsTest compares them.
 */
public final class BoundedKubernetesTypes {

  private BoundedKubernetesTypes() {}

  /** {@code io.k8s.api.core.v1.EnvVar}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EnvVar {
    @Size(max = SpecLimits.MAX_NAME_LENGTH)
    @Pattern(SpecLimits.ENV_NAME)
    @JsonPropertyDescription("Variable name: letters, digits, _ . -, not starting with a digit.")
    public String name;

    @Size(max = SpecLimits.MAX_ENV_VALUE_LENGTH)
    public String value;

    public EnvVarSource valueFrom;
  }

  /** {@code io.k8s.api.core.v1.EnvVarSource}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EnvVarSource {
    public KeySelector configMapKeyRef;
    public FieldSelector fieldRef;
    public FileKeySelector fileKeyRef;
    public ResourceFieldSelector resourceFieldRef;
    public KeySelector secretKeyRef;
  }

  /** {@code ConfigMapKeySelector} and {@code SecretKeySelector}, which have the same fields. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class KeySelector {
    @Size(max = SpecLimits.MAX_NAME_LENGTH)
    public String key;

    @Size(max = SpecLimits.MAX_NAME_LENGTH)
    public String name;

    public Boolean optional;
  }

  /** {@code io.k8s.api.core.v1.ObjectFieldSelector}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FieldSelector {
    @Size(max = SpecLimits.MAX_NAME_LENGTH)
    public String apiVersion;

    @Size(max = SpecLimits.MAX_FIELD_PATH_LENGTH)
    public String fieldPath;
  }

  /** {@code io.k8s.api.core.v1.FileKeySelector}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FileKeySelector {
    @Size(max = SpecLimits.MAX_NAME_LENGTH)
    public String key;

    public Boolean optional;

    @Size(max = SpecLimits.MAX_PATH_LENGTH)
    public String path;

    @Size(max = SpecLimits.MAX_LABEL_LENGTH)
    public String volumeName;
  }

  /** {@code io.k8s.api.core.v1.ResourceFieldSelector}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceFieldSelector {
    @Size(max = SpecLimits.MAX_LABEL_LENGTH)
    public String containerName;

    public Quantity divisor;

    @Size(max = SpecLimits.MAX_NAME_LENGTH)
    public String resource;
  }

  /** {@code io.k8s.api.core.v1.ResourceRequirements}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceRequirements {
    @Size(max = SpecLimits.MAX_RESOURCE_ENTRIES)
    public List<ResourceClaim> claims;

    @Size(max = SpecLimits.MAX_RESOURCE_ENTRIES)
    public Map<String, Quantity> limits;

    @Size(max = SpecLimits.MAX_RESOURCE_ENTRIES)
    public Map<String, Quantity> requests;
  }

  /** {@code io.k8s.api.core.v1.ResourceClaim}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceClaim {
    @Size(max = SpecLimits.MAX_LABEL_LENGTH)
    public String name;

    @Size(max = SpecLimits.MAX_LABEL_LENGTH)
    public String request;
  }
}
