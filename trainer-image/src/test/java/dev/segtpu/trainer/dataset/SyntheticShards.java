package dev.segtpu.trainer.dataset;

import java.nio.file.Path;
import picocli.CommandLine;

/** Writes small synthetic VOC TFRecord datasets for tests, through the real generator command. */
public final class SyntheticShards {

  private SyntheticShards() {}

  public static void write(Path dir, int examples, int shards, int height, int width, int classes,
                           String imageFormat) {
    int exit = new CommandLine(new WriteSyntheticVocRecords()).setCaseInsensitiveEnumValuesAllowed(true).execute(
        "--output", dir.toString(), "--examples", Integer.toString(examples),
        "--shards", Integer.toString(shards), "--height", Integer.toString(height),
        "--width", Integer.toString(width), "--classes", Integer.toString(classes),
        "--seed", "7", "--image-format", imageFormat);
    if (exit != 0) {
      throw new IllegalStateException("generator exited with " + exit);
    }
  }
}
