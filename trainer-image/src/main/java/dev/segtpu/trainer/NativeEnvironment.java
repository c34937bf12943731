package dev.segtpu.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Environment variables that TensorFlow's native library (and the C library under it) read once, when
 * the process starts or TensorFlow loads: Java cannot set them for its own process, so the trainer
 * image, the tests (surefire) and the benchmark's child JVMs set them, and the trainer warns when one
 * is missing.
 */
public enum NativeEnvironment {

  ONEDNN("TF_ENABLE_ONEDNN_OPTS", "1",
      "TensorFlow's oneDNN CPU kernels train about 1.5-2x faster; the trainer avoids the one wrong gradient "
          + "they have in its networks (Conv2D's input gradient, by building 1x1 convolutions as MatMul) and "
          + "DeepLabGradientCheckTest runs with them on"),
  BFC_ALLOCATOR("TF_CPU_ALLOCATOR_USE_BFC", "true",
      "TensorFlow's default CPU allocator passes every tensor to malloc, which maps and unmaps the large ones "
          + "each step: page faults then took a quarter of the CPU time; the BFC allocator reuses its memory"),
  HUGE_PAGES("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1",
      "transparent huge pages for malloc'd memory (the kernel's mode is usually madvise): about 6x fewer page "
          + "faults when the first step touches the activations' memory"),
  DETERMINISTIC_OPS("TF_DETERMINISTIC_OPS", "1",
      "kernels that would otherwise add in a varying order run deterministically (CropAndResize's image gradient "
          + "adds the RoIs of several threads into the same features): Mask R-CNN's steps then repeat bit for bit, "
          + "which exact resume needs");

  private final String variable;
  private final String value;
  private final String reason;

  NativeEnvironment(String variable, String value, String reason) {
    this.variable = variable;
    this.value = value;
    this.reason = reason;
  }

  public String variable() {
    return variable;
  }

  public String value() {
    return value;
  }

  /** Whether {@code environment} has this setting (GLIBC_TUNABLES may list other tunables too). */
  boolean isSetIn(Map<String, String> environment) {
    String actual = environment.get(variable);
    if (actual == null) {
      return false;
    }
    return this == HUGE_PAGES ? List.of(actual.split(":")).contains(value) : actual.equals(value);
  }

  /** One line per setting that {@code environment} lacks: what to set and why. */
  public static List<String> missingFrom(Map<String, String> environment) {
    List<String> missing = new ArrayList<>();
    for (NativeEnvironment setting : values()) {
      if (!setting.isSetIn(environment)) {
        missing.add(setting.variable + "=" + setting.value + " is not set: " + setting.reason);
      }
    }
    return missing;
  }

  /** Adds every setting to a child process's environment (GLIBC_TUNABLES appended to what is there). */
  public static void applyTo(Map<String, String> environment) {
    for (NativeEnvironment setting : values()) {
      if (!setting.isSetIn(environment)) {
        String existing = environment.get(setting.variable);
        environment.put(setting.variable, setting == HUGE_PAGES && existing != null && !existing.isEmpty()
            ? existing + ":" + setting.value : setting.value);
      }
    }
  }
}
