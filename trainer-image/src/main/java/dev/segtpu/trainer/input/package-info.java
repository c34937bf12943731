/**
 * The trainer's input pipeline: examples from VOC-format TFRecords (or generated in memory), the DeepLab
 * reference augmentation, batches prefetched in the background.
 *
 * <p>Use from the training loop:
 * <pre>{@code
 * InputSpec spec = InputSpec.vocTfRecord(dataDir, "train-*.tfrecord", 513, 4, seed, 21);
 * try (BatchSource batches = BatchSources.training(spec, saved.epoch(), saved.position())) {
 *   Batch batch = batches.next();                       // batch.waitNanos(): data-wait badput
 *   ... train on batch.images() / batch.labels() ...
 *   DataPosition next = DataPosition.after(batch, batches.examplesPerEpoch()); // store in the checkpoint
 * }
 * }</pre>
 * Every choice is a function of (seed, epoch, example index), so a source opened at a stored position
 * yields the batches an uninterrupted run would have. Configuration errors (no matching files, missing
 * directory, bad spec) are {@link java.lang.IllegalArgumentException}s; damaged data is a
 * {@link dev.segtpu.trainer.input.tfrecord.CorruptRecordException} naming file and byte offset, thrown by
 * the open (headers, truncation) or by {@code next()} (data CRC, undecodable or inconsistent example).
 */
package dev.segtpu.trainer.input;
