package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltInColumnsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  private static List<String> names(String kind) {
    return BuiltInColumns.definitions(kind).stream().map(BuiltInColumns.Definition::name).toList();
  }

  @Test
  void listPathsOfPodsNodesEventsAndServicesUseTheirKindsPrinter() {
    assertThat(BuiltInColumns.kindOf("/api/v1/namespaces/default/events")).isEqualTo("Event");
    assertThat(BuiltInColumns.kindOf("/api/v1/nodes/tpu-0")).isEqualTo("Node");
    assertThat(BuiltInColumns.kindOf("/api/v1/pods")).isEqualTo("Pod");
    assertThat(BuiltInColumns.kindOf("/api/v1/namespaces/default/configmaps")).isEmpty();
  }

  @Test
  void aRunningPodShowsReadyStatusRestartsAgeAndItsWideColumns() throws Exception {
    JsonNode pod = json("{'metadata':{'name':'job-w0','creationTimestamp':'2026-03-01T11:55:30Z'},"
        + "'spec':{'nodeName':'tpu-0','containers':[{'name':'trainer'}]},"
        + "'status':{'phase':'Running','podIP':'127.0.1.2','containerStatuses':[{'name':'trainer','ready':true,"
        + "'restartCount':2,'state':{'running':{}},'lastState':{'terminated':{'finishedAt':'2026-03-01T11:58:00Z'}}}]}}");

    assertThat(names("Pod")).containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
        "Nominated Node", "Readiness Gates");
    assertThat(BuiltInColumns.cells("Pod", pod, NOW))
        .containsExactly("job-w0", "1/1", "Running", "2 (2m ago)", "4m30s", "127.0.1.2", "tpu-0", "<none>", "<none>");
  }

  @Test
  void aFailedContainerShowsItsTerminationReasonAndAPendingPodItsPhase() throws Exception {
    JsonNode failed = json("{'metadata':{'name':'f'},'spec':{'containers':[{'name':'trainer'}]},"
        + "'status':{'phase':'Failed','containerStatuses':[{'name':'trainer','state':{'terminated':{'exitCode':3,'reason':'Error'}}}]}}");
    JsonNode pending = json("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'trainer'}]},'status':{'phase':'Pending'}}");

    assertThat(BuiltInColumns.cells("Pod", failed, NOW).subList(1, 4)).containsExactly("0/1", "Error", "0");
    assertThat(BuiltInColumns.cells("Pod", pending, NOW).get(2)).isEqualTo("Pending");
  }

  @Test
  void anEventShowsLastSeenTypeReasonObjectAndMessage() throws Exception {
    JsonNode event = json("{'metadata':{'name':'job.1'},'type':'Warning','reason':'Preempted',"
        + "'message':' Spot reclaim \\n','involvedObject':{'kind':'SegmentationTrainingJob','name':'job'},"
        + "'firstTimestamp':'2026-03-01T10:00:00Z','lastTimestamp':'2026-03-01T11:59:15Z','count':3,"
        + "'source':{'component':'segtpu-operator'}}");

    assertThat(names("Event")).startsWith("Last Seen", "Type", "Reason", "Object");
    assertThat(BuiltInColumns.cells("Event", event, NOW)).containsExactly("45s", "Warning", "Preempted",
        "segmentationtrainingjob/job", "", "segtpu-operator", "Spot reclaim", "120m", 3L, "job.1");
  }

  @Test
  void aNodeShowsStatusRolesAndKubeletVersion() throws Exception {
    JsonNode node = json("{'metadata':{'name':'tpu-0','creationTimestamp':'2026-02-27T12:00:00Z',"
        + "'labels':{'node-role.kubernetes.io/tpu':''}},'spec':{'unschedulable':true},"
        + "'status':{'conditions':[{'type':'Ready','status':'True'}],'nodeInfo':{'kubeletVersion':'v1.32.0'},"
        + "'addresses':[{'type':'InternalIP','address':'127.0.0.1'}]}}");

    assertThat(BuiltInColumns.cells("Node", node, NOW).subList(0, 6))
        .containsExactly("tpu-0", "Ready,SchedulingDisabled", "tpu", "2d", "v1.32.0", "127.0.0.1");
  }

  @Test
  void aHeadlessServiceShowsNoneAsClusterIpAndItsPorts() throws Exception {
    JsonNode service = json("{'metadata':{'name':'job','creationTimestamp':'2026-03-01T11:00:00Z'},"
        + "'spec':{'clusterIP':'None','ports':[{'port':8470,'protocol':'TCP'},{'port':8471}],'selector':{'b':'2','a':'1'}}}");

    assertThat(BuiltInColumns.cells("Service", service, NOW))
        .containsExactly("job", "ClusterIP", "None", "<none>", "8470/TCP,8471/TCP", "60m", "a=1,b=2");
  }
}
