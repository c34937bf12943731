package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodLogRequestTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String PATH = "/api/v1/namespaces/default/pods/job-w0/log";

  private static JsonNode pod(String status) throws Exception {
    return new ObjectMapper().readTree(("{'metadata':{'name':'job-w0'},'spec':{'containers':[{'name':'trainer'}]},"
        + "'status':" + status + "}").replace('\'', '"'));
  }

  private static PodLogRequest request(String query) throws Exception {
    return PodLogRequest.parse(PATH, query, NOW).orElseThrow();
  }

  @Test
  void theOptionsKubectlSendsAreRead() throws Exception {
    PodLogRequest request = request("container=trainer&follow=true&tailLines=10&sinceSeconds=60&timestamps=true&limitBytes=500");

    assertThat(request.follow()).isTrue();
    assertThat(request.query().tailLines()).isEqualTo(10L);
    assertThat(request.query().since()).isEqualTo(NOW.minusSeconds(60));
    assertThat(request.query().timestamps()).isTrue();
    assertThat(request.query().limitBytes()).isEqualTo(500L);
    assertThat(PodLogRequest.parse("/api/v1/namespaces/default/pods/job-w0", "", NOW)).isEmpty();
  }

  @Test
  void anUnknownContainerIsRefusedWithKubesMessage() throws Exception {
    assertThatThrownBy(() -> request("container=sidecar").containerOf(pod("{}")))
        .hasMessage("container sidecar is not valid for pod job-w0");
    assertThat(request("").containerOf(pod("{}"))).isEqualTo("trainer");
  }

  @Test
  void aContainerNotYetRunningIsRefusedAsWaitingToStart() throws Exception {
    JsonNode waiting = pod("{'containerStatuses':[{'name':'trainer','state':{'waiting':{'reason':'CreateContainerError'}}}]}");

    assertThatThrownBy(() -> request("").instanceOf(waiting, "trainer"))
        .hasMessage("container \"trainer\" in pod \"job-w0\" is waiting to start: CreateContainerError");
    assertThatThrownBy(() -> request("").instanceOf(pod("{'phase':'Pending'}"), "trainer"))
        .hasMessage("container \"trainer\" in pod \"job-w0\" is waiting to start: ContainerCreating");
  }

  @Test
  void previousNeedsAnEarlierInstanceOfTheContainer() throws Exception {
    JsonNode firstRun = pod("{'containerStatuses':[{'name':'trainer','restartCount':0,'state':{'running':{}}}]}");
    JsonNode restarted = pod("{'containerStatuses':[{'name':'trainer','restartCount':2,'state':{'running':{}},"
        + "'lastState':{'terminated':{'exitCode':1}}}]}");

    assertThatThrownBy(() -> request("previous=true").instanceOf(firstRun, "trainer"))
        .hasMessage("previous terminated container \"trainer\" in pod \"job-w0\" not found");
    assertThat(request("previous=true").instanceOf(restarted, "trainer")).isEqualTo(1);
    assertThat(request("").instanceOf(restarted, "trainer")).isEqualTo(2);
  }

  @Test
  void negativeOrConflictingOptionsAreInvalid() {
    assertThatThrownBy(() -> request("tailLines=-1")).hasMessageContaining("tailLines: Invalid value: -1");
    assertThatThrownBy(() -> request("sinceSeconds=0")).hasMessageContaining("must be greater than 0");
  }
}
