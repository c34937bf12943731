package dev.segtpu.sandbox.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A Kubernetes API on 127.0.0.1 for the sandbox and the system tests: Fabric8's mock server in CRUD
 * mode with discovery, schema and CEL validation of custom resources, graceful pod deletion and
 * server-side printing added, so kubectl and the operator
 * both work against it. It has no garbage collector, scheduler or kubelet: the sandbox supplies those.
 */
public final class EmbeddedApiServer implements AutoCloseable {

  /**
   * The mock web server logs every request at INFO through java.util.logging: a line per API call. Held
   * in a static field because JUL keeps loggers weakly and a collected one forgets its level.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet(java.util.logging.Logger.getLogger("io.fabric8.mockwebserver"));

  private SandboxHttpServer server;
  private final SandboxDispatcher dispatcher;
  private final RequestLog requests = new RequestLog();
  private final ApiFaults faults = new ApiFaults();

  private EmbeddedApiServer(Clock clock) {
    this.dispatcher = new SandboxDispatcher(clock, requests, faults);
  }

  private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** Starts on 127.0.0.1; port 0 picks a free one. */
  public static EmbeddedApiServer start(int port) {
    EmbeddedApiServer apiServer = new EmbeddedApiServer(Clock.systemUTC());
    try {
      apiServer.server = SandboxHttpServer.start(apiServer.dispatcher, InetAddress.getByName("127.0.0.1"), port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the sandbox API server to 127.0.0.1:" + port, e);
    }
    return apiServer;
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  public int port() {
    return server.port();
  }

  public RequestLog requests() {
    return requests;
  }

  /** Failures to answer instead of serving requests (tests of a flaky control plane). */
  public ApiFaults faults() {
    return faults;
  }

  /**
   * <b>Test-only.</b> Stores {@code json} at {@code path} exactly as written — no pruning of undeclared
   * fields, no schema or CEL validation — and tells watches as for any other write. It is how an object
   * looks that a real API server holds without having admitted it today: edited by hand in etcd, or
   * written under an older or newer version of the CRD. Resilience tests use it to show the operator
   * copes with such objects; the sandbox itself never calls it, and no client can reach it over HTTP.
   *
   * @param path the object's path, e.g. {@code /apis/segtpu.dev/v1alpha1/namespaces/default/segmentationtrainingjobs/x};
   *     replaces the object there if one exists, whatever resourceVersion {@code json} carries
   * @return the object as stored: {@code json} with a new resourceVersion, and uid, creationTimestamp,
   *     generation and namespace filled in where it has none
   * @throws IllegalArgumentException when {@code json} is not an object with a metadata.name
   */
  public String storeUnchecked(String path, String json) {
    return dispatcher.storeUnchecked(path, json);
  }

  /**
   * Answers {@code kubectl logs} from the container logs the sandbox kubelet keeps under {@code sandboxRoot}
   * (see {@link dev.segtpu.sandbox.kubelet.ContainerLogs}), as kube-apiserver asks a pod's kubelet.
   */
  public void serveContainerLogsFrom(Path sandboxRoot) {
    dispatcher.serveContainerLogsFrom(sandboxRoot);
  }

  /** A new client for this server (namespace "default"). */
  public KubernetesClient client() {
    return client("segtpu-sandbox");
  }

  /** A new client that identifies itself by {@code userAgent}, so the request log tells callers apart. */
  public KubernetesClient client(String userAgent) {
    return new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(url()).withNamespace("default").withTrustCerts(true).withUserAgent(userAgent)
        // HTTP/1.1: the JDK client's h2c upgrade against the mock web server intermittently never completes
        .withHttp2Disable(true).build()).build();
  }

  /** Writes a kubeconfig for kubectl and other clients; returns its path. */
  public Path writeKubeconfig(Path file) {
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: segtpu-sandbox
          cluster:
            server: %s
        users:
        - name: segtpu-sandbox
          user:
            token: sandbox
        contexts:
        - name: segtpu-sandbox
          context:
            cluster: segtpu-sandbox
            user: segtpu-sandbox
            namespace: default
        current-context: segtpu-sandbox
        """.formatted(url());
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, kubeconfig);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
