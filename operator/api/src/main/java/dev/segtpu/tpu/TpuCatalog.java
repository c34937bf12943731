package dev.segtpu.tpu;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.segtpu.api.TpuGeneration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Facts about every Cloud TPU generation as GKE schedules it: node label, valid topologies, chips per
 * host, machine type and whether current GKE can schedule it. Loaded from {@code tpu-catalog.yaml};
 * clusters that still have v2/v3 nodes can override a generation's accelerator label.
 */
public final class TpuCatalog {

  private static final String RESOURCE = "tpu-catalog.yaml";

  private final Map<TpuGeneration, GenerationFacts> generations;

  private TpuCatalog(Map<TpuGeneration, GenerationFacts> generations) {
    this.generations = generations;
  }

  /** The catalog shipped with the operator. */
  public static TpuCatalog load() {
    try (InputStream in = TpuCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      CatalogFile file = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<>() {});
      Map<TpuGeneration, GenerationFacts> byGeneration = new EnumMap<>(TpuGeneration.class);
      file.generations().forEach((name, facts) -> byGeneration.put(TpuGeneration.fromValue(name), facts));
      for (TpuGeneration generation : TpuGeneration.values()) {
        if (!byGeneration.containsKey(generation)) {
          throw new IllegalStateException(RESOURCE + " has no entry for " + generation.value());
        }
      }
      return new TpuCatalog(byGeneration);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * A copy in which {@code generation} uses {@code acceleratorLabel} and counts as schedulable: for
   * clusters whose nodes carry a label the catalog does not know (v2/v3 on custom node pools).
   */
  public TpuCatalog withAcceleratorLabel(TpuGeneration generation, String acceleratorLabel) {
    Map<TpuGeneration, GenerationFacts> copy = new EnumMap<>(generations);
    GenerationFacts facts = copy.get(generation);
    copy.put(generation, new GenerationFacts(acceleratorLabel, facts.dimensions(), true, facts.multislice(), facts.note(),
        facts.topologies()));
    return new TpuCatalog(copy);
  }

  /** The slice for this generation and topology, if the generation offers that topology. */
  public Optional<SliceShape> slice(TpuGeneration generation, String topology) {
    GenerationFacts facts = generations.get(generation);
    return facts.topologies().stream()
        .filter(t -> t.topology().equals(topology))
        .findFirst()
        .map(t -> {
          Topology shape = Topology.parse(t.topology());
          return new SliceShape(generation, shape, facts.acceleratorLabel(), t.machineType(),
              t.chipsPerHost(), shape.chips() / t.chipsPerHost(), facts.schedulable());
        });
  }

  /** The slice, or an exception whose message lists the valid topologies. */
  public SliceShape requireSlice(TpuGeneration generation, String topology) {
    return slice(generation, topology).orElseThrow(() -> new IllegalArgumentException(
        "topology " + topology + " is not offered for TPU " + generation.value() + "; valid: " + topologies(generation)));
  }

  public List<String> topologies(TpuGeneration generation) {
    return generations.get(generation).topologies().stream().map(GenerationFacts.TopologyFacts::topology).toList();
  }

  /** 2 for 2-D topologies (v2, v3, v5e, v6e), 3 for 3-D ones (v4, v5p, tpu7x). */
  public int topologyDimensions(TpuGeneration generation) {
    return generations.get(generation).dimensions();
  }

  public boolean schedulable(TpuGeneration generation) {
    return generations.get(generation).schedulable();
  }

  /** Whether GKE can join several slices of this generation into one job (Multislice). */
  public boolean multislice(TpuGeneration generation) {
    return generations.get(generation).multislice();
  }

  /** Generations that support Multislice, for error messages. */
  public List<String> multisliceGenerations() {
    return generations.entrySet().stream().filter(e -> e.getValue().multislice()).map(e -> e.getKey().value()).toList();
  }

  /** {@code count} slices of this generation and topology, if the generation offers that topology. */
  public Optional<TpuSlices> slices(TpuGeneration generation, String topology, int count) {
    return slice(generation, topology).map(shape -> new TpuSlices(shape, count));
  }

  public String acceleratorLabel(TpuGeneration generation) {
    return generations.get(generation).acceleratorLabel();
  }

  /** Caveats for this generation ("" when there are none). */
  public String note(TpuGeneration generation) {
    String note = generations.get(generation).note();
    return note == null ? "" : note;
  }

  private record CatalogFile(Map<String, GenerationFacts> generations) {}
}
