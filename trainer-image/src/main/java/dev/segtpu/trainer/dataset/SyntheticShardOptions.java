package dev.segtpu.trainer.dataset;

import dev.segtpu.trainer.input.tfrecord.TfRecordWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options and the shard layout every synthetic-records command shares (VOC, COCO): where the shards go,
 * how many examples in how many files, the image size, the seed and the image encoding. One place, so the
 * layouts name and split their files the same way and the trainer's shard glob fits both.
 */
public final class SyntheticShardOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

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

  @Option(names = "--seed", defaultValue = "1", description = "scene seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--image-format", defaultValue = "JPEG",
      description = "image encoding: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); masks are always PNG")
  ImageFormat imageFormat;

  /**
   * Writes {@code <split>-SSSSS-of-NNNNN.tfrecord}; example i goes to shard i·shards/examples, so shards in
   * name order hold examples 0..n-1 in order, then says what it wrote ({@code contents}: what each image
   * holds). A usage error (exit 2) when the counts or size cannot work.
   */
  void write(String contents, IntFunction<byte[]> example) {
    if (examples < 1 || shards < 1 || shards > examples || height < 16 || width < 16) {
      throw new CommandLine.ParameterException(command.commandLine(),
          "need examples ≥ shards ≥ 1 and images of at least 16x16");
    }
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + output, e);
    }
    int index = 0;
    for (int shard = 0; shard < shards; shard++) {
      int end = (int) ((long) examples * (shard + 1) / shards);
      Path file = output.resolve(String.format("%s-%05d-of-%05d.tfrecord", split, shard, shards));
      try (TfRecordWriter writer = new TfRecordWriter(file)) {
        for (; index < end; index++) {
          writer.write(example.apply(index));
        }
      }
    }
    System.out.printf("wrote %d examples (%dx%d, %s) in %d shards to %s%n",
        examples, height, width, contents, shards, output);
  }
}
