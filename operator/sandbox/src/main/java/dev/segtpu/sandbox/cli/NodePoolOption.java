package dev.segtpu.sandbox.cli;

import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.tpu.TpuCatalog;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --node-pool GENERATION:TOPOLOGY:PROVISIONING[:SLICES]}, refused as a usage error when malformed
 * or when the catalog offers no such topology for the generation.
 */
final class NodePoolOption implements ITypeConverter<NodePoolSpec> {

  @Override
  public NodePoolSpec convert(String value) {
    try {
      NodePoolSpec pool = NodePoolSpec.parse(value);
      TpuCatalog.load().requireSlice(pool.generation(), pool.topology());
      return pool;
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
