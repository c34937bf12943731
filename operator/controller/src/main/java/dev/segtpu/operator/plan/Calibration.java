package dev.segtpu.operator.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.api.Architecture;
import dev.segtpu.api.Backbone;
import dev.segtpu.api.TpuGeneration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sustained images per second that finished jobs measured, per configuration, with how many jobs and
 * how far apart they were: what the planner trusts over its reference points once {@link #MIN_JOBS}
 * jobs agree on a configuration. Kept as the data of a ConfigMap (one key per configuration, a small
 * JSON value), so it survives the operator and can be read by {@code segtpu plan --calibration}.
 * Means and spreads are updated with Welford's algorithm, so one job at a time is enough.
 */
public record Calibration(Map<String, Point> points) {

  /** Jobs a configuration needs before its measured figure replaces the reference. */
  public static final int MIN_JOBS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  public Calibration {
    points = Map.copyOf(points);
  }

  public static Calibration empty() {
    return new Calibration(Map.of());
  }

  /**
   * @param count jobs measured
   * @param mean mean sustained images/s
   * @param m2 sum of squared deviations from the mean (Welford)
   */
  public record Point(long count, double mean, double m2) {

    /** Sample standard deviation; 0 for one job. */
    public double spread() {
      return count < 2 ? 0 : Math.sqrt(m2 / (count - 1));
    }

    Point add(double imagesPerSecond) {
      long n = count + 1;
      double delta = imagesPerSecond - mean;
      double nextMean = mean + delta / n;
      return new Point(n, nextMean, m2 + delta * (imagesPerSecond - nextMean));
    }
  }

  /** The ConfigMap key of a configuration, e.g. {@code deeplabv3plus.resnet101.513.v5e.8} (valid key characters only). */
  public static String key(Architecture architecture, Backbone backbone, int crop, TpuGeneration generation, int chips) {
    return architecture.value() + "." + backbone.value() + "." + crop + "." + generation.value() + "." + chips;
  }

  /** A copy with one more finished job's sustained throughput on the configuration. */
  public Calibration record(String key, double imagesPerSecond) {
    if (!(imagesPerSecond > 0)) {
      throw new IllegalArgumentException("a measured throughput must be > 0 images/s, got " + imagesPerSecond);
    }
    Map<String, Point> next = new TreeMap<>(points);
    next.put(key, next.getOrDefault(key, new Point(0, 0, 0)).add(imagesPerSecond));
    return new Calibration(next);
  }

  /** The measured point, once enough jobs measured it. */
  public Optional<Point> trusted(String key) {
    return Optional.ofNullable(points.get(key)).filter(p -> p.count() >= MIN_JOBS);
  }

  /** The ConfigMap data form. */
  public Map<String, String> toData() {
    Map<String, String> data = new TreeMap<>();
    points.forEach((key, point) -> {
      try {
        data.put(key, JSON.writeValueAsString(point));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    });
    return data;
  }

  /** Reads the ConfigMap data form; a value that is not a point names its key. */
  public static Calibration fromData(Map<String, String> data) {
    Map<String, Point> points = new TreeMap<>();
    if (data != null) {
      data.forEach((key, value) -> {
        try {
          Point point = JSON.readValue(value, Point.class);
          if (point.count() < 1 || !(point.mean() > 0) || point.m2() < 0) {
            throw new IllegalArgumentException("calibration key " + key + ": needs count >= 1, mean > 0 and m2 >= 0, got " + value);
          }
          points.put(key, point);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("calibration key " + key + " is not {\"count\":..,\"mean\":..,\"m2\":..}: " + value, e);
        }
      });
    }
    return new Calibration(points);
  }
}
