package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {

  @Test
  void eventsAreFoundByTheirInvolvedObjectAsKubectlDescribeAsks() throws Exception {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0); KubernetesClient client = server.client()) {
      for (String name : new String[] {"mine", "other"}) {
        client.v1().events().inNamespace("default").resource(new EventBuilder().withNewMetadata()
            .withGenerateName(name + "-").withNamespace("default").endMetadata()
            .withNewInvolvedObject().withKind("SegmentationTrainingJob").withName(name).withNamespace("default")
            .withUid("uid-" + name).endInvolvedObject().withReason("Started").build()).create();
      }
      String query = "fieldSelector=involvedObject.name%3Dmine%2CinvolvedObject.namespace%3Ddefault%2C"
          + "involvedObject.kind%3DSegmentationTrainingJob%2CinvolvedObject.uid%3Duid-mine&limit=500";

      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(server.url() + "/api/v1/namespaces/default/events?" + query)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("uid-mine").doesNotContain("uid-other").contains("\"kind\":\"EventList\"");
    }
  }
}
