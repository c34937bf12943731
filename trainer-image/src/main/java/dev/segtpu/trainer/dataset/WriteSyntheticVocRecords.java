package dev.segtpu.trainer.dataset;

import dev.segtpu.trainer.input.synthetic.SyntheticScenes;
import dev.segtpu.trainer.input.tfrecord.TfRecordWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command that writes a synthetic dataset as VOC-format TFRecord shards ({@code <split>-SSSSS-of-NNNNN.tfrecord}),
 * readable by our trainer and by the TPU reference's input pipeline.
 */
@Command(name = "write-synthetic-voc-records", mixinStandardHelpOptions = true,
    description = "Write synthetic VOC-format TFRecord shards: shapes of several classes on a textured "
        + "background, class masks as PNG, object boundaries marked 255.")
public final class WriteSyntheticVocRecords implements Callable<Integer> {

  @Option(names = "--output", required = true, description = "directory to write the shards into")
  Path output;

  @Option(names = "--split", defaultValue = "train", description = "file name prefix (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--examples", defaultValue = "64", description = "number of examples (default: ${DEFAULT-VALUE})")
  int examples;

  @Option(names = "--shards", defaultValue = "4", description = "number of files (default: ${DEFAULT-VALUE})")
  int shards;

  @Option(names = "--height", defaultValue = "375", description = "image height (default: ${DEFAULT-VALUE}, VOC-like)")
  int height;

  @Option(names = "--width", defaultValue = "500", description = "image width (default: ${DEFAULT-VALUE}, VOC-like)")
  int width;

  @Option(names = "--classes", defaultValue = "21", description = "classes including background (default: ${DEFAULT-VALUE})")
  int classes;

  @Option(names = "--seed", defaultValue = "1", description = "scene seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--image-format", defaultValue = "JPEG",
      description = "image encoding: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); masks are always PNG")
  VocExampleEncoder.ImageFormat imageFormat;

  public static void main(String[] args) {
    System.exit(new CommandLine(new WriteSyntheticVocRecords()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (examples < 1 || shards < 1 || shards > examples || height < 16 || width < 16) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "need examples ≥ shards ≥ 1 and images of at least 16x16");
    }
    Files.createDirectories(output);
    write(new SyntheticScenes(seed, classes), new VocExampleEncoder(imageFormat));
    System.out.printf("wrote %d examples (%dx%d, %d classes) in %d shards to %s%n",
        examples, height, width, classes, shards, output);
    return 0;
  }

  /** Example i goes to shard i·shards/examples, so shards in name order hold examples 0..n-1 in order. */
  private void write(SyntheticScenes scenes, VocExampleEncoder encoder) {
    int index = 0;
    for (int shard = 0; shard < shards; shard++) {
      int end = (int) ((long) examples * (shard + 1) / shards);
      Path file = output.resolve(String.format("%s-%05d-of-%05d.tfrecord", split, shard, shards));
      try (TfRecordWriter writer = new TfRecordWriter(file)) {
        for (; index < end; index++) {
          writer.write(encoder.encode(scenes.render(index, height, width)));
        }
      }
    }
  }
}
