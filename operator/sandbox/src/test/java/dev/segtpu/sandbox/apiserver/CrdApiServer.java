package dev.segtpu.sandbox.apiserver;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One sandbox API server with the SegmentationTrainingJob CRD installed, shared by a test class:
 * {@code @RegisterExtension static final CrdApiServer API = new CrdApiServer();}.
 */
final class CrdApiServer implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedApiServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = RawApi.serverWithCrd();
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
