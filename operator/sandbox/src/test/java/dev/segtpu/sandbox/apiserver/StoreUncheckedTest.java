package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test-only way to put an object in the store that the API server would not admit (as a hand-edited
 * etcd object or one from another CRD version looks): GET, LIST and WATCH serve it exactly as written.
 */
class StoreUncheckedTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final CrdApiServer API = new CrdApiServer();

  @Test
  void anObjectStoredUncheckedIsServedByGetListAndWatchExactlyAsWritten() throws Exception {
    ObjectNode written = inadmissibleJob("from-etcd");
    BlockingQueue<String> watched = new LinkedBlockingQueue<>();
    try (KubernetesClient client = API.server().client();
         Watch watch = client.genericKubernetesResources("segtpu.dev/v1alpha1", "SegmentationTrainingJob")
             .inNamespace("default").watch(collectingAdded(watched))) {

      API.server().storeUnchecked(RawApi.JOBS + "/from-etcd", written.toString());

      String event = watched.poll(10, TimeUnit.SECONDS);
      assertThat(event).as("ADDED event").isNotNull();
      assertWrittenAsIs(JSON.readTree(event), written);
    }
    assertWrittenAsIs(JSON.readTree(API.raw().get("from-etcd").body()), written);
    JsonNode list = JSON.readTree(API.raw().send("GET", RawApi.JOBS, null, (byte[]) null).body());
    assertThat(list.path("items")).hasSize(1);
    assertWrittenAsIs(list.path("items").get(0), written);
  }

  @Test
  void storingUncheckedAgainReplacesTheObjectAsWrittenToo() throws Exception {
    assertThat(API.raw().create(RawApi.exampleJob("replaced"), "").statusCode()).isEqualTo(201);
    ObjectNode written = inadmissibleJob("replaced");

    API.server().storeUnchecked(RawApi.JOBS + "/replaced", written.toString());

    assertWrittenAsIs(JSON.readTree(API.raw().get("replaced").body()), written);
  }

  @Test
  void theSameObjectThroughTheApiIsRefused() throws Exception {
    assertThat(API.raw().create(inadmissibleJob("through-the-api"), "?fieldValidation=Ignore").statusCode()).isEqualTo(422);
  }

  /** outputStride far beyond any model's, a field no schema declares, and a status the operator never wrote. */
  private static ObjectNode inadmissibleJob(String name) throws IOException {
    ObjectNode job = RawApi.exampleJob(name);
    ObjectNode spec = (ObjectNode) job.get("spec");
    ((ObjectNode) spec.get("model")).put("outputStride", 1_000_000_000_000_000L);
    ((ObjectNode) spec.get("tpu")).put("topology", "2x2x2");
    spec.putObject("unexpectedField").put("a", 1);
    job.putObject("status").put("phase", "FromTheFuture").put("extra", true);
    return job;
  }

  private static void assertWrittenAsIs(JsonNode served, ObjectNode written) {
    assertThat(served.path("spec")).isEqualTo(written.get("spec"));
    assertThat(served.path("status")).isEqualTo(written.get("status"));
    assertThat(served.at("/spec/model/outputStride").asLong()).isEqualTo(1_000_000_000_000_000L);
  }

  private static Watcher<GenericKubernetesResource> collectingAdded(BlockingQueue<String> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource resource) {
        if (action == Action.ADDED) {
          events.add(Serialization.asJson(resource));
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
