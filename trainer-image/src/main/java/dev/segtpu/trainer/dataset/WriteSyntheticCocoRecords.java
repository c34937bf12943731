package dev.segtpu.trainer.dataset;

import dev.segtpu.trainer.input.coco.Instance;
import dev.segtpu.trainer.input.synthetic.SyntheticInstanceScenes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command that writes a synthetic instance-segmentation dataset as COCO-layout TFRecord shards
 * ({@code <split>-SSSSS-of-NNNNN.tfrecord}), the layout the TPU Mask R-CNN reference reads: a dataset to
 * develop and test Mask R-CNN training on without downloading COCO.
 */
@Command(name = "write-synthetic-coco-records", mixinStandardHelpOptions = true,
    description = "Write synthetic COCO-layout TFRecord shards: overlapping rectangles, ellipses and triangles "
        + "of several categories, one PNG mask per visible instance, boxes, areas and a few crowd flags.")
public final class WriteSyntheticCocoRecords implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  SyntheticShardOptions options;

  @Option(names = "--categories", defaultValue = "8",
      description = "COCO category ids 1..n to draw from, n ≤ 90 (default: ${DEFAULT-VALUE})")
  int categories;

  public static void main(String[] args) {
    System.exit(new CommandLine(new WriteSyntheticCocoRecords()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() {
    if (categories < 1 || categories > Instance.MAX_CATEGORY_ID) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--categories must be 1.." + Instance.MAX_CATEGORY_ID);
    }
    SyntheticInstanceScenes scenes = new SyntheticInstanceScenes(options.seed, categories);
    CocoExampleEncoder encoder = new CocoExampleEncoder(options.imageFormat);
    options.write(categories + " categories",
        index -> encoder.encode(scenes.render(index, options.height, options.width)));
    return 0;
  }
}
