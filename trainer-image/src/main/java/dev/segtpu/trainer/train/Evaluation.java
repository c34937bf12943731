package dev.segtpu.trainer.train;

/** Result of one evaluation pass (inference mode: batch norm uses its moving averages). */
public record Evaluation(long step, double meanIoU, double pixelAccuracy, double[] perClassIoU, long pixels, double seconds) {}
