package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bytes that are not UTF-8 inside a JSON string. kube-apiserver decodes JSON with Go's encoding/json,
 * which does not refuse them but replaces each invalid byte with U+FFFD; the sandbox must store the
 * same, so the operator never sees text a real cluster would not hand it.
 */
class RequestBodyEncodingTest {

  @RegisterExtension
  static final CrdApiServer API = new CrdApiServer();

  @Test
  void invalidUtf8InAStringIsStoredAsReplacementCharacters() throws Exception {
    ObjectNode job = RawApi.exampleJob("latin1");
    // a field that takes any text: an environment value (the image has a pattern that would refuse U+FFFD)
    ((ObjectNode) job.get("spec")).putObject("trainer").putArray("env").addObject().put("name", "GREETING").put("value", "caf@@");
    String json = job.toString();
    int at = json.indexOf("@@");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
    body.write(new byte[] {(byte) 0xE9, (byte) 0xFF}); // "é" in Latin-1, then a byte no UTF-8 has
    body.write(json.substring(at + 2).getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> created = API.raw().send("POST", RawApi.JOBS, "application/json", body.toByteArray());

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String value = new ObjectMapper().readTree(API.raw().get("latin1").body()).at("/spec/trainer/env/0/value").asText();
    assertThat(value).isEqualTo("caf\uFFFD\uFFFD");
  }
}
