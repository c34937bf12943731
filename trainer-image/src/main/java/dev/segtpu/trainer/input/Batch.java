package dev.segtpu.trainer.input;

/**
 * One training or evaluation batch, already augmented, in host memory.
 *
 * @param images NHWC float pixels in [0, 255] (mean subtraction is the model's job), length n*h*w*3
 * @param labels NHW class ids; 255 means "ignore" (boundaries and padding), length n*h*w
 * @param epoch epoch this batch belongs to, from 0
 * @param position index of the first example of this batch in the epoch's shuffled order; with the epoch
 *     it is the data position a checkpoint records so a resumed run continues with the next batch
 * @param waitNanos how long the consumer waited for this batch (data-wait badput)
 */
public record Batch(int size, int height, int width, float[] images, int[] labels,
                    long epoch, long position, long waitNanos) {}
