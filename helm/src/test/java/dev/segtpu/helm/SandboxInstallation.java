package dev.segtpu.helm;

import dev.segtpu.operator.OperatorSettings;
import dev.segtpu.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * Installs a rendered chart into the sandbox as far as its API can hold it: the release namespace, the
 * CRD (replacing the one the sandbox started with), the ServiceAccount and the RBAC objects; then starts
 * the sandbox's operator with the Deployment's args and environment, as a pod of it would start.
 */
public final class SandboxInstallation {

  /** The name the operator's pod gets in the sandbox (its leader-election identity). */
  public static final String POD_NAME = "segtpu-operator-7d9f8-x2k4q";

  private SandboxInstallation() {}

  public static OperatorSettings install(RenderedChart chart, Sandbox sandbox) {
    var client = sandbox.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(SegtpuChart.NAMESPACE).endMetadata().build())
        .createOr(NonDeletingOperation::update);
    for (HasMetadata object : chart.objects()) {
      if (object instanceof CustomResourceDefinition || object instanceof ServiceAccount || isRbac(object)) {
        client.resource(object).createOr(NonDeletingOperation::update);
      }
    }
    OperatorSettings settings = OperatorSettings.parse(chart.operatorArgs().toArray(String[]::new),
        DeploymentEnvironment.of(chart.deployment(), POD_NAME).variables());
    sandbox.startOperator(settings);
    return settings;
  }

  private static boolean isRbac(HasMetadata object) {
    return object.getApiVersion().startsWith("rbac.authorization.k8s.io/");
  }
}
