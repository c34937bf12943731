package dev.segtpu.trainer.model;

/**
 * Which nonlinearities a tower uses. Finite-difference gradient checks need a smooth function: ReLU
 * and ReLU6 kinks make central differences disagree with exact gradients in deep networks, so the
 * check swaps them for ELU, which has the same gradient code paths everywhere else.
 */
public enum Activations {
  /** ReLU and ReLU6, as published. */
  PUBLISHED,
  /** ELU in place of both, only for gradient checks. */
  SMOOTH_FOR_GRADIENT_CHECKS
}
