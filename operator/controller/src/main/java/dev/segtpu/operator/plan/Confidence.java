package dev.segtpu.operator.plan;

/** How far to trust a throughput figure; the plan prints it next to every row. */
public enum Confidence {
  /** Measured by finished jobs in this cluster on this configuration (enough of them: see Calibration). */
  MEASURED("measured"),
  /** A run the source post reports, on this generation and this workload. */
  REFERENCE("reference"),
  /** A reference run scaled by a ratio the source post reports (v3 ≈ 1.7× v2). */
  PUBLISHED_RATIO("published ratio"),
  /** A reference run scaled by ratios we assumed (peak compute, FLOPs, pixels, linear chip scaling). */
  ASSUMED("assumed");

  private final String label;

  Confidence(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The weaker of two: a figure is only as trustworthy as its weakest factor. */
  public Confidence and(Confidence other) {
    return ordinal() >= other.ordinal() ? this : other;
  }
}
