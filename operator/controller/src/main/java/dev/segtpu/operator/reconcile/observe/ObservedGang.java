package dev.segtpu.operator.reconcile.observe;

import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.tpu.TpuSlices;
import java.util.Optional;

/**
 * What is observed of a job whose spec is valid: the effective spec, its TPU slices, its pods and the
 * active attempt's latest trainer report.
 *
 * @param report the trainer's termination message when the attempt ended with one, else the latest
 *     answer to the operator's poll; empty between attempts
 */
public record ObservedGang(SegmentationTrainingJobSpec spec, TpuSlices slices, GangView view, Optional<StatusDocument> report) {}
