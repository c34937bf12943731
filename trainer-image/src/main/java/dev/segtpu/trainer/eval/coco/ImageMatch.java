package dev.segtpu.trainer.eval.coco;

/**
 * How one image's detections of one category fared in one area range, at each IoU threshold: cocoeval's
 * per-image record (dtMatches, dtIgnore, gtIgnore) with matches as flags rather than ids.
 *
 * @param scores detection scores, highest first
 * @param matched {@code matched[t][d]}: detection d took a ground truth at threshold t
 * @param ignored {@code ignored[t][d]}: detection d counts neither as true nor as false positive at t
 * @param countedGroundTruths ground truths that count towards recall (not crowd, inside the area range)
 */
record ImageMatch(double[] scores, boolean[][] matched, boolean[][] ignored, int countedGroundTruths) {}
