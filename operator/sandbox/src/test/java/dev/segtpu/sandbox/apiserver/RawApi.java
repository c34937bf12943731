package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plain HTTP to the sandbox API server, for tests that need what Fabric8's client hides: query
 * parameters such as fieldValidation, raw bytes, status codes and Warning headers.
 */
final class RawApi {

  static final Path REPO = Path.of("..", "..");
  static final String JOBS = "/apis/segtpu.dev/v1alpha1/namespaces/default/segmentationtrainingjobs";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final EmbeddedApiServer server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  RawApi(EmbeddedApiServer server) {
    this.server = server;
  }

  /** Starts a sandbox API server that knows the committed CRD. */
  static EmbeddedApiServer serverWithCrd() throws IOException {
    EmbeddedApiServer server = EmbeddedApiServer.start(0);
    try (KubernetesClient client = server.client()) {
      client.resource(client.getKubernetesSerialization().unmarshal(
          Files.readString(REPO.resolve("crds/segmentationtrainingjobs.segtpu.dev-v1.yml")),
          CustomResourceDefinition.class)).create();
    }
    return server;
  }

  /** The quick example job under another name. */
  static ObjectNode exampleJob(String name) throws IOException {
    ObjectNode job = (ObjectNode) YAML.readTree(Files.readString(REPO.resolve("examples/quick-deeplab-synthetic.yaml")));
    ((ObjectNode) job.get("metadata")).put("name", name);
    return job;
  }

  HttpResponse<String> send(String method, String pathAndQuery, String contentType, byte[] body) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> send(String method, String pathAndQuery, String contentType, String body) throws InterruptedException {
    return send(method, pathAndQuery, contentType, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  HttpResponse<String> create(ObjectNode object, String query) throws InterruptedException {
    return send("POST", JOBS + query, "application/json", object.toString());
  }

  HttpResponse<String> get(String name) throws InterruptedException {
    return send("GET", JOBS + "/" + name, null, (byte[]) null);
  }
}
