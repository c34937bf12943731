package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

class ContentNegotiationTest {

  private static RecordedRequest get(String accept) {
    Headers headers = accept == null ? Headers.builder().build() : Headers.builder().add("Accept", accept).build();
    return new RecordedRequest("HTTP/1.1", HttpMethod.GET, "/api/v1/namespaces/default/pods/p", headers, new Buffer());
  }

  private static MockResponse untypedJson() {
    return new MockResponse().setResponseCode(200).setBody("{\"kind\":\"Pod\"}");
  }

  @Test
  void aClientPreferringProtobufButAcceptingJsonGetsJsonLabelledAsJson() {
    MockResponse answer = ContentNegotiation.negotiate(get("application/vnd.kubernetes.protobuf,application/json"), untypedJson());

    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.getHeaders().get("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void aJsonBodyIsNeverLabelledProtobuf() {
    MockResponse labelledWrongly = untypedJson().setHeader("Content-Type", "application/vnd.kubernetes.protobuf");

    MockResponse answer = ContentNegotiation.negotiate(get("application/vnd.kubernetes.protobuf,*/*"), labelledWrongly);

    assertThat(answer.getHeaders().get("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void aClientAcceptingOnlyProtobufIsRefusedWithNotAcceptable() {
    MockResponse answer = ContentNegotiation.negotiate(get("application/vnd.kubernetes.protobuf"), untypedJson());

    assertThat(answer.code()).isEqualTo(406);
    assertThat(answer.getBody().readUtf8()).contains("NotAcceptable");
  }

  @Test
  void tableRequestsAndRequestsWithoutAcceptCountAsJson() {
    assertThat(ContentNegotiation.acceptsJson("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")).isTrue();
    assertThat(ContentNegotiation.acceptsJson(null)).isTrue();
  }

  @Test
  void aPlainTextAnswerKeepsItsType() {
    MockResponse log = new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("line\n");

    assertThat(ContentNegotiation.negotiate(get("application/json, */*"), log).getHeaders().get("Content-Type"))
        .isEqualTo("text/plain");
  }
}
