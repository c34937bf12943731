package dev.segtpu.sandbox.apiserver;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One sandbox API server with the SegmentationTrainingJob CRD installed, shared by a test class:
 * {@code @RegisterExtension static final CrdApiServer API = new CrdApiServer();}.
 */
final class CrdApiServer implements BeforeAllCallback, AfterAllCallback {

  private final boolean forKubectl;
  private EmbeddedApiServer server;
  private java.nio.file.Path kubeconfig;

  CrdApiServer() {
    this(false);
  }

  private CrdApiServer(boolean forKubectl) {
    this.forKubectl = forKubectl;
  }

  /** The same server for the real kubectl: it must be on PATH (under CI, its absence fails), and a kubeconfig names the server. */
  static CrdApiServer forKubectl() {
    return new CrdApiServer(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (forKubectl) {
      dev.segtpu.operator.testing.RequiredTool.require(dev.segtpu.sandbox.Kubectl.available(), "kubectl is not on PATH");
    }
    server = RawApi.serverWithCrd();
    if (forKubectl) {
      kubeconfig = server.writeKubeconfig(java.nio.file.Files.createTempDirectory("sandbox-kubectl").resolve("kubeconfig"));
    }
  }

  java.nio.file.Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  EmbeddedApiServer server() {
    return server;
  }

  /** Plain HTTP requests to the server, as a client that is not Fabric8 sends them. */
  RawApi raw() {
    return new RawApi(server);
  }
}
