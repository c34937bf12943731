package dev.segtpu.trainer.input;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to read and how to shape it into batches.
 *
 * @param format where examples come from
 * @param dataDir directory the file pattern is relative to (ignored for {@link DatasetFormat#SYNTHETIC})
 * @param filePattern glob relative to {@code dataDir}, e.g. {@code train-*.tfrecord} or {@code voc/**.tfrecord}
 * @param cropSize height and width of every batch image (513 in the reference)
 * @param batchSize examples per batch on this host
 * @param seed seeds the epoch order and the augmentation
 * @param numClasses class ids are 0..numClasses-1; 255 is "ignore"
 * @param syntheticExamples examples per epoch of the synthetic format (ignored otherwise)
 * @param syntheticImageSize height and width of synthetic images before augmentation (ignored otherwise)
 */
public record InputSpec(DatasetFormat format, Path dataDir, String filePattern, int cropSize,
                        int batchSize, long seed, int numClasses, int syntheticExamples,
                        int syntheticImageSize) {

  public InputSpec {
    Objects.requireNonNull(format, "format");
    require(cropSize > 0, "crop size must be positive, got " + cropSize);
    require(batchSize > 0, "batch size must be positive, got " + batchSize);
    require(numClasses >= 2 && numClasses <= 255,
        "number of classes must be in 2..255 (255 is the ignore label), got " + numClasses);
    if (format == DatasetFormat.SYNTHETIC) {
      require(syntheticExamples > 0, "synthetic examples must be positive, got " + syntheticExamples);
      require(syntheticImageSize >= 16, "synthetic image size must be at least 16, got " + syntheticImageSize);
    } else {
      Objects.requireNonNull(dataDir, "dataDir");
      require(filePattern != null && !filePattern.isBlank(), "file pattern must not be empty");
    }
  }

  /** Files in the TPU reference layout under {@code dataDir} matching {@code filePattern}. */
  public static InputSpec vocTfRecord(Path dataDir, String filePattern, int cropSize, int batchSize,
                                      long seed, int numClasses) {
    return new InputSpec(DatasetFormat.VOC_TFRECORD, dataDir, filePattern, cropSize, batchSize, seed,
        numClasses, 0, 0);
  }

  /** COCO-layout files under {@code dataDir} matching {@code filePattern}, for Mask R-CNN. */
  public static InputSpec cocoTfRecord(Path dataDir, String filePattern, int imageSize, int batchSize, long seed, int numClasses) {
    return new InputSpec(DatasetFormat.COCO_TFRECORD, dataDir, filePattern, imageSize, batchSize, seed, numClasses, 0, 0);
  }

  /** {@code examples} generated scenes of {@code imageSize}² pixels; no files are read. */
  public static InputSpec synthetic(int examples, int imageSize, int cropSize, int batchSize,
                                    long seed, int numClasses) {
    return new InputSpec(DatasetFormat.SYNTHETIC, null, null, cropSize, batchSize, seed, numClasses,
        examples, imageSize);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
