package dev.segtpu.operator.plan;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.Backbone;
import dev.segtpu.api.TpuGeneration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in figures the throughput model starts from, each with its provenance. Sources:
 * shared/seed/cloud-tpu-segmentation-blog.txt (the post) and shared/reference/reference-models.md (the
 * reference schedules). Everything not stated there is marked assumed.
 */
public final class ReferencePoints {

  private ReferencePoints() {}

  /**
   * The post's two v2-8 runs (a v2-8 is a 2x2 slice: 4 chips, 8 cores).
   * <ul>
   *   <li>DeepLab v3+: "Using a single Cloud TPU v2 device (v2-8), DeepLab v3+ training completes in about
   *       8 hours" with the reference schedule of 20,000 steps at batch 64, ResNet-101, crop 513:
   *       1,280,000 images / 8 h = 44.4 images/s.</li>
   *   <li>Mask R-CNN: "a single Cloud TPU v2 device (v2-8) ... trains overnight" to 12 epochs with the
   *       reference schedule of 22,500 steps at batch 64 (≈ 12 COCO epochs), ResNet-50 + FPN, 1024×1024:
   *       1,440,000 images. "Overnight" read as 10 h, the same reading SeedPostCostClaimsTest uses (the
   *       post's table with exact times is an image we do not have): 40 images/s.</li>
   * </ul>
   */
  public static List<ReferenceRun> runs() {
    return List.of(
        new ReferenceRun(Architecture.DEEPLAB_V3_PLUS, Backbone.RESNET_101, 513, TpuGeneration.V2, 4, 20_000L * 64, 8,
            "post: DeepLab v3+ on a v2-8 in about 8 h; reference schedule 20,000 steps × batch 64"),
        new ReferenceRun(Architecture.MASK_RCNN, Backbone.RESNET_50, 1024, TpuGeneration.V2, 4, 22_500L * 64, 10,
            "post: Mask R-CNN overnight (read as 10 h) on a v2-8; reference schedule 22,500 steps × batch 64 (12 epochs)"));
  }

  /** Speed of one chip of a generation relative to one v2 chip, and why we believe it. */
  public record GenerationSpeed(double relativeToV2, Confidence confidence, String source) {}

  /**
   * Per-chip speed relative to v2. v3: the post's "speedup of about 1.7x" of a v3-8 over a v2-8 (same chip
   * count). Later generations: assumed, scaling v3's measured figure by peak bf16 compute per chip
   * (v3: 105 TFLOPS, the post's 420 per v3-8; v4 275, v5e 197, v5p 459, v6e 918, TPU7x 2,307: Google's
   * published per-chip peaks, not in our reference notes). Peak ratios overstate the gain for models
   * bound by memory or the input pipeline: measured points from finished jobs should replace these.
   */
  public static Map<TpuGeneration, GenerationSpeed> generationSpeeds() {
    double v3 = 1.7;
    Map<TpuGeneration, GenerationSpeed> speeds = new EnumMap<>(TpuGeneration.class);
    speeds.put(TpuGeneration.V2, new GenerationSpeed(1.0, Confidence.REFERENCE, "v2: the reference runs' generation"));
    speeds.put(TpuGeneration.V3, new GenerationSpeed(v3, Confidence.PUBLISHED_RATIO, "v3 = 1.7 × v2 per chip (post)"));
    speeds.put(TpuGeneration.V4, peak("v4", 275, v3));
    speeds.put(TpuGeneration.V5E, peak("v5e", 197, v3));
    speeds.put(TpuGeneration.V5P, peak("v5p", 459, v3));
    speeds.put(TpuGeneration.V6E, peak("v6e", 918, v3));
    speeds.put(TpuGeneration.TPU7X, peak("tpu7x", 2307, v3));
    return speeds;
  }

  private static GenerationSpeed peak(String name, double teraflops, double v3) {
    double ratio = v3 * teraflops / 105;
    return new GenerationSpeed(ratio, Confidence.ASSUMED, String.format(java.util.Locale.ROOT,
        "%s = %.2f × v2 per chip (assumed: v3's 1.7 × peak bf16 %.0f/105 TFLOPS)", name, ratio, teraflops));
  }

  /**
   * Compute per image of each backbone at 224×224, in GFLOPs (multiply-adds ×2 as the papers count them:
   * ResNet-50 4.1 and ResNet-101 7.8 from He et al. 2016, MobileNetV2 0.3 from Sandler et al. 2018).
   * The model assumes images/s scales inversely with it, which ignores the segmentation head: assumed.
   */
  public static Map<Backbone, Double> backboneGflops() {
    Map<Backbone, Double> gflops = new EnumMap<>(Backbone.class);
    gflops.put(Backbone.RESNET_50, 4.1);
    gflops.put(Backbone.RESNET_101, 7.8);
    gflops.put(Backbone.MOBILENET_V2, 0.3);
    return gflops;
  }
}
