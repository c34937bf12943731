package dev.segtpu.trainer.dataset;

import java.nio.file.Path;
import picocli.CommandLine;

/** Writes small synthetic VOC and COCO TFRecord datasets for tests, through the real generator commands. */
public final class SyntheticShards {

  /** The seed both generators are run with; tests render the expected scenes from it. */
  public static final long SEED = 7;

  private SyntheticShards() {}

  public static void write(Path dir, int examples, int shards, int height, int width, int classes,
                           String imageFormat) {
    run(new WriteSyntheticVocRecords(), dir, examples, shards, height, width, imageFormat,
        "--classes", Integer.toString(classes));
  }

  /** COCO-layout shards of scenes with category ids 1..{@code categories}, PNG images so pixels are exact. */
  public static void writeCoco(Path dir, int examples, int shards, int height, int width, int categories) {
    run(new WriteSyntheticCocoRecords(), dir, examples, shards, height, width, "png",
        "--categories", Integer.toString(categories));
  }

  private static void run(Object command, Path dir, int examples, int shards, int height, int width,
                          String imageFormat, String classesOption, String classes) {
    int exit = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute(
        "--output", dir.toString(), "--examples", Integer.toString(examples),
        "--shards", Integer.toString(shards), "--height", Integer.toString(height),
        "--width", Integer.toString(width), classesOption, classes,
        "--seed", Long.toString(SEED), "--image-format", imageFormat);
    if (exit != 0) {
      throw new IllegalStateException("generator exited with " + exit);
    }
  }
}
