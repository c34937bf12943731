/**
 * The operator's record of what finished jobs measured: sustained images per second per configuration
 * in a ConfigMap it owns, which the planner prefers over its reference points once enough jobs agree.
 */
package dev.segtpu.operator.calibration;
