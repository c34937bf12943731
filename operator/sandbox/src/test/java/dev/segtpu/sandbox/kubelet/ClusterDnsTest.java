package dev.segtpu.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.sandbox.apiserver.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDnsTest {

  @TempDir
  Path root;

  private static Pod pod(String namespace, String name, String hostname, String subdomain) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withHostname(hostname).withSubdomain(subdomain).endSpec().build();
  }

  private static List<String> records(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(line -> !line.startsWith("#")).toList();
  }

  @Test
  void aPodInAHeadlessServicesSubdomainGetsTheNamesKubeDnsGivesIt() throws Exception {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0); KubernetesClient client = server.client()) {
      client.services().inNamespace("ml").resource(new ServiceBuilder().withNewMetadata().withName("job-workers")
          .endMetadata().withNewSpec().withClusterIP("None").endSpec().build()).create();
      ClusterDns dns = new ClusterDns(client, root);

      dns.register("ml/job-w0", pod("ml", "job-w0", "worker-0", "job-workers"), "127.0.0.5");
      dns.register("ml/loner", pod("ml", "loner", "loner", "no-such-service"), "127.0.0.6");
      dns.register("other/x", pod("other", "x", null, null), "127.0.0.7");

      assertThat(records(dns.hostsFile("ml"))).containsExactly("127.0.0.5 worker-0.job-workers.ml.svc.cluster.local "
          + "worker-0.job-workers.ml.svc worker-0.job-workers.ml worker-0.job-workers");
      assertThat(records(dns.hostsFile("other"))).as("other namespaces resolve the full names only")
          .containsExactly("127.0.0.5 worker-0.job-workers.ml.svc.cluster.local worker-0.job-workers.ml.svc");
      assertThat(dns.jvmOptions("ml")).contains("-Djdk.net.hosts.file=" + dns.hostsFile("ml"));

      dns.unregister("ml/job-w0");
      assertThat(records(dns.hostsFile("ml"))).isEmpty();
      assertThat(records(dns.hostsFile("other"))).isEmpty();
    }
  }
}
