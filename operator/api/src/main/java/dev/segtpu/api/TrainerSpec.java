package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainerSpec {

  @JsonPropertyDescription("Trainer image. Any image honouring the segtpu trainer contract (see README) works. Default: the operator's configured trainer image.")
  @Size(max = SpecLimits.MAX_IMAGE_LENGTH)
  @Pattern(SpecLimits.IMAGE)
  public String image;

  @Size(max = SpecLimits.MAX_LIST_ITEMS)
  @ValidationRule(value = "self.all(a, size(a) <= 4096)", message = "every argument must be at most 4096 characters")
  @JsonPropertyDescription("Extra arguments appended to the trainer's command line. Flags of the trainer contract (--attempt, --checkpoint-dir, ...: the names of the SEGTPU_ variables) are refused: the operator sets them.")
  public List<String> args;

  @JsonPropertyDescription("Extra environment variables. Names starting with SEGTPU_ or TPU_ are reserved for the contract.")
  @Size(max = SpecLimits.MAX_LIST_ITEMS)
  @SchemaFrom(type = BoundedKubernetesTypes.EnvVar[].class)
  public List<EnvVar> env;

  @JsonPropertyDescription("CPU and memory for the trainer container. google.com/tpu is set by the operator from the topology and cannot be overridden.")
  @SchemaFrom(type = BoundedKubernetesTypes.ResourceRequirements.class)
  public ResourceRequirements resources;
}
