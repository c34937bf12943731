package dev.segtpu.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NOTES.txt, as {@code helm install} prints it, tells the user how to submit a job and watch it. */
class ChartNotesTest {

  @TempDir
  Path work;

  @Test
  void notesShowHowToSubmitAndWatchAJobInTheDefaultNamespace() {
    String output = SegtpuChart.with(ChartValues.defaults(), work).installOutput();

    assertThat(output).contains(
        "kubectl -n segtpu-system rollout status deployment/segtpu-operator",
        "kubectl apply -n default -f examples/deeplab-voc.yaml",
        "kubectl get stj -n default -w",
        "kubectl get pods -l segtpu.dev/job=deeplab-voc -n default",
        "every namespace");
  }

  @Test
  void notesUseTheWatchedNamespaceAndNameTheLeaseWithSeveralReplicas() {
    String output = SegtpuChart.with(ChartValues.singleNamespace().with("replicas", 2), work).installOutput();

    assertThat(output).contains("kubectl apply -n team-a -f examples/deeplab-voc.yaml", "kubectl get stj -n team-a -w",
        "leader election (Lease segtpu-operator)");
  }
}
