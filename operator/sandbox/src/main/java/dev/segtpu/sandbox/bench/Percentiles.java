package dev.segtpu.sandbox.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a sample. */
record Percentiles(List<Double> sorted) {

  static Percentiles of(List<Double> sample) {
    List<Double> sorted = new ArrayList<>(sample);
    Collections.sort(sorted);
    return new Percentiles(List.copyOf(sorted));
  }

  double at(double percent) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  double mean() {
    return sorted.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
