package dev.segtpu.operator.plan;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.Backbone;
import dev.segtpu.api.TpuGeneration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Images per second for (architecture, backbone, crop, generation, chips), scaled from the reference run
 * of the same architecture: per chip of the reference × generation speed × backbone compute ratio × crop
 * pixel ratio × chips. Linear in chips is assumed; it is consistent with the post's "1/16th of a Cloud
 * TPU v3 Pod" (64 chips) training Mask R-CNN 48 epochs "in under two hours".
 */
public final class ThroughputModel {

  private final List<ReferenceRun> runs;
  private final Map<TpuGeneration, ReferencePoints.GenerationSpeed> speeds;
  private final Map<Backbone, Double> backboneGflops;
  private final Calibration calibration;

  public ThroughputModel(List<ReferenceRun> runs, Map<TpuGeneration, ReferencePoints.GenerationSpeed> speeds,
                         Map<Backbone, Double> backboneGflops, Calibration calibration) {
    this.runs = List.copyOf(runs);
    this.speeds = Map.copyOf(speeds);
    this.backboneGflops = Map.copyOf(backboneGflops);
    this.calibration = calibration;
  }

  /** The same model, preferring what finished jobs measured where enough of them did. */
  public ThroughputModel calibratedBy(Calibration measured) {
    return new ThroughputModel(runs, speeds, backboneGflops, measured);
  }

  /** The built-in reference points ({@link ReferencePoints}). */
  public static ThroughputModel builtIn() {
    return new ThroughputModel(ReferencePoints.runs(), ReferencePoints.generationSpeeds(), ReferencePoints.backboneGflops(),
        Calibration.empty());
  }

  public Throughput estimate(Architecture architecture, Backbone backbone, int crop, TpuGeneration generation, int chips) {
    Optional<Calibration.Point> measured = calibration.trusted(Calibration.key(architecture, backbone, crop, generation, chips));
    if (measured.isPresent()) {
      Calibration.Point point = measured.get();
      return new Throughput(point.mean(), Confidence.MEASURED, String.format(Locale.ROOT,
          "mean of %d finished jobs on this configuration, spread ±%.1f img/s (%.0f%%)", point.count(),
          point.spread(), 100 * point.spread() / point.mean()));
    }
    ReferenceRun run = runs.stream().filter(r -> r.architecture() == architecture).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no reference run for " + architecture.value()));
    List<String> basis = new ArrayList<>();
    basis.add(String.format(Locale.ROOT, "%.1f img/s on %s-%d (%s)", run.imagesPerSecond(), run.generation().value(),
        run.chips() * 2, run.source()));
    Confidence confidence = Confidence.REFERENCE;

    ReferencePoints.GenerationSpeed speed = speeds.get(generation);
    double perChip = run.imagesPerSecondPerChip() * speed.relativeToV2() / speeds.get(run.generation()).relativeToV2();
    if (generation != run.generation()) {
      basis.add(speed.source());
      confidence = confidence.and(speed.confidence());
    }
    if (backbone != run.backbone()) {
      double ratio = backboneGflops.get(run.backbone()) / backboneGflops.get(backbone);
      perChip *= ratio;
      basis.add(String.format(Locale.ROOT, "× %.2f for %s instead of %s (assumed: inverse backbone GFLOPs)", ratio,
          backbone.value(), run.backbone().value()));
      confidence = Confidence.ASSUMED;
    }
    if (crop != run.crop()) {
      double ratio = (double) run.crop() * run.crop() / ((double) crop * crop);
      perChip *= ratio;
      basis.add(String.format(Locale.ROOT, "× %.2f for crop %d instead of %d (assumed: inverse pixels)", ratio, crop, run.crop()));
      confidence = Confidence.ASSUMED;
    }
    if (chips != run.chips()) {
      basis.add(String.format(Locale.ROOT, "× %d/%d chips (assumed: linear scaling)", chips, run.chips()));
      confidence = Confidence.ASSUMED;
    }
    return new Throughput(perChip * chips, confidence, String.join("; ", basis));
  }
}
