package dev.segtpu.sandbox.kueue;

/**
 * Names Kueue puts on the pods it manages and the ProvisioningRequest admission check's pod updates, as
 * the sandbox's emulation uses them (the operator's own Kueue names are in {@code GangNames}).
 */
final class Kueue {

  static final String API = "kueue.x-k8s.io/v1beta1";
  static final String MANAGED_LABEL = "kueue.x-k8s.io/managed";
  static final String MANAGED_FINALIZER = "kueue.x-k8s.io/managed";
  /** AdmissionCheck.spec.controllerName of Kueue's ProvisioningRequest admission check. */
  static final String PROVISIONING_CONTROLLER = "kueue.x-k8s.io/provisioning-request";
  static final String CONSUME_PROVISIONING_REQUEST = "autoscaling.x-k8s.io/consume-provisioning-request";
  static final String PROVISIONING_CLASS = "autoscaling.x-k8s.io/provisioning-class-name";

  private Kueue() {}
}
