package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainerSpec {

  @JsonPropertyDescription("Trainer image. Any image honouring the segtpu trainer contract (see README) works. Default: the operator's configured trainer image.")
  public String image;

  @JsonPropertyDescription("Extra arguments appended to the trainer's command line.")
  public List<String> args;

  @JsonPropertyDescription("Extra environment variables. Names starting with SEGTPU_ or TPU_ are reserved for the contract.")
  public List<EnvVar> env;

  @JsonPropertyDescription("CPU and memory for the trainer container. google.com/tpu is set by the operator from the topology and cannot be overridden.")
  public ResourceRequirements resources;
}
