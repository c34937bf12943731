package dev.segtpu.trainer.dataset;

import dev.segtpu.trainer.input.synthetic.SyntheticScenes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command that writes a synthetic dataset as VOC-format TFRecord shards ({@code <split>-SSSSS-of-NNNNN.tfrecord}),
 * readable by our trainer and by the TPU reference's input pipeline.
 */
@Command(name = "write-synthetic-voc-records", mixinStandardHelpOptions = true,
    description = "Write synthetic VOC-format TFRecord shards: shapes of several classes on a textured "
        + "background, class masks as PNG, object boundaries marked 255.")
public final class WriteSyntheticVocRecords implements Callable<Integer> {

  @Mixin
  SyntheticShardOptions options;

  @Option(names = "--classes", defaultValue = "21", description = "classes including background (default: ${DEFAULT-VALUE})")
  int classes;

  public static void main(String[] args) {
    System.exit(new CommandLine(new WriteSyntheticVocRecords()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() {
    SyntheticScenes scenes = new SyntheticScenes(options.seed, classes);
    VocExampleEncoder encoder = new VocExampleEncoder(options.imageFormat);
    options.write(classes + " classes",
        index -> encoder.encode(scenes.render(index, options.height, options.width)));
    return 0;
  }
}
