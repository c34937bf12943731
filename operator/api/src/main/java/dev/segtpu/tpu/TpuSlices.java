package dev.segtpu.tpu;

import dev.segtpu.api.Provisioning;
import java.util.Objects;

/**
 * The TPU a job trains on: {@code count} identical slices (Multislice when more than one). Each slice is
 * one gang of {@link SliceShape#hosts()} workers; the job's workers are numbered slice-major, so host
 * {@code h} of slice {@code s} is worker {@code s * hostsPerSlice + h}. One place for that arithmetic,
 * so pod names, the environment, placement and the figures agree on it.
 *
 * @param shape one slice, from the catalog
 * @param count how many slices, at least 1
 */
public record TpuSlices(SliceShape shape, int count) {

  public TpuSlices {
    Objects.requireNonNull(shape, "shape");
    if (count < 1) {
      throw new IllegalArgumentException("a job runs on at least one slice, got " + count);
    }
  }

  /** A job of one slice. */
  public static TpuSlices single(SliceShape shape) {
    return new TpuSlices(shape, 1);
  }

  public int hostsPerSlice() {
    return shape.hosts();
  }

  /** Worker pods of the whole job: slices × hosts per slice. */
  public int workers() {
    return count * shape.hosts();
  }

  /** Chips of every slice together: what the job pays for. */
  public int chips() {
    return count * shape.chips();
  }

  public boolean multislice() {
    return count > 1;
  }

  /** More than one worker in all: the workers form a data-parallel group and need each other's names. */
  public boolean severalWorkers() {
    return workers() > 1;
  }

  /** The slice of a worker (0-based). */
  public int sliceOf(int worker) {
    checkWorker(worker);
    return worker / shape.hosts();
  }

  /** A worker's host index within its slice. */
  public int hostOf(int worker) {
    checkWorker(worker);
    return worker % shape.hosts();
  }

  /** The job-wide index of host {@code host} of slice {@code slice}. */
  public int worker(int slice, int host) {
    if (slice < 0 || slice >= count || host < 0 || host >= shape.hosts()) {
      throw new IllegalArgumentException("slice " + slice + " host " + host + " outside " + count + " slice(s) of "
          + shape.hosts() + " host(s)");
    }
    return slice * shape.hosts() + host;
  }

  /** What {@code status.tpu} and the TPU printer column show: {@code v5e 2x4 spot}, or {@code 2 × v5e 2x4 spot}. */
  public String describe(Provisioning provisioning) {
    String one = shape.generation().value() + " " + shape.topology() + " " + provisioning.value();
    return multislice() ? count + " × " + one : one;
  }

  private void checkWorker(int worker) {
    if (worker < 0 || worker >= workers()) {
      throw new IllegalArgumentException("worker " + worker + " outside 0.." + (workers() - 1));
    }
  }
}
