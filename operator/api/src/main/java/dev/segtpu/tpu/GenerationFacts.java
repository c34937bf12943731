package dev.segtpu.tpu;

import java.util.List;

/** What the catalog file says about one TPU generation. Field names match tpu-catalog.yaml. */
record GenerationFacts(
    String acceleratorLabel,
    int dimensions,
    boolean schedulable,
    boolean multislice,
    String note,
    List<TopologyFacts> topologies) {

  record TopologyFacts(String topology, int chipsPerHost, String machineType) {}
}
