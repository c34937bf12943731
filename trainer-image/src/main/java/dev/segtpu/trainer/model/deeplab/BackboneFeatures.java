package dev.segtpu.trainer.model.deeplab;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A backbone's two outputs: features at the output stride (for ASPP) and at stride 4 (for the decoder). */
public record BackboneFeatures(Operand<TFloat32> high, Operand<TFloat32> lowLevel) {}
