package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.maskrcnn.targets.Box;

/**
 * A region proposal: a decoded, clipped box in input-image pixels, its objectness (the sigmoid of the head's
 * logit) and the pyramid level whose anchor it came from.
 */
public record Proposal(Box box, double score, int level) {}
