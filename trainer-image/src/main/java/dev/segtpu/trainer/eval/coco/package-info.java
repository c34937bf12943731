/**
 * The COCO detection and instance-segmentation metric, computed as pycocotools' {@code cocoeval.py} computes it
 * with its default parameters, in plain Java so an evaluation needs neither Python nor TensorFlow.
 *
 * <p>Following cocoeval to the letter matters more than any one rule being ideal: the numbers are only worth
 * reporting when they can be put next to published COCO results. The pipeline is that of cocoeval: {@link
 * dev.segtpu.trainer.eval.coco.ImageCategory} (computeIoU), {@link dev.segtpu.trainer.eval.coco.ImageMatcher}
 * (evaluateImg), {@link dev.segtpu.trainer.eval.coco.Accumulator} (accumulate) and {@link
 * dev.segtpu.trainer.eval.coco.Summarizer} (summarize), driven by {@link
 * dev.segtpu.trainer.eval.coco.CocoEvaluator}.
 */
package dev.segtpu.trainer.eval.coco;
