package dev.segtpu.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sandbox's stand-in for cluster DNS: a pod with {@code hostname} and {@code subdomain} whose
 * namespace has a Service of that name gets the records kube-dns gives it
 * ({@code hostname.subdomain.namespace.svc.cluster.local}, and the shorter names a pod's search path
 * resolves). They are written as hosts files, one per namespace (short names are relative to it), which
 * Java programs in pods read through {@code -Djdk.net.hosts.file} ({@link #jvmOptions}). What differs from
 * a cluster: only JVMs see these names, and only JVM lookups (not a native library's own resolver), so
 * the trainer resolves its peers in Java and hands TensorFlow addresses.
 */
final class ClusterDns {

  private record Record(String namespace, String hostname, String subdomain, String ip) {}

  private final KubernetesClient client;
  private final Path directory;
  private final Map<String, Record> records = new LinkedHashMap<>();
  /** Every namespace a pod ran in: its file lists the full names of every other namespace's pods too. */
  private final Set<String> namespaces = new TreeSet<>();

  ClusterDns(KubernetesClient client, Path sandboxRoot) {
    this.client = client;
    this.directory = sandboxRoot.resolve("dns");
  }

  /** The hosts file a pod of {@code namespace} resolves names with. */
  Path hostsFile(String namespace) {
    return directory.resolve(namespace + ".hosts");
  }

  /** JVM options that make a pod's JVM resolve through this DNS, with no caching of answers (pods come and go). */
  List<String> jvmOptions(String namespace) {
    return List.of("-Djdk.net.hosts.file=" + hostsFile(namespace), "-Dsun.net.inetaddr.ttl=0",
        "-Dsun.net.inetaddr.negative.ttl=0");
  }

  /** The pod at {@code ip} gets its records if it names a subdomain with a Service of that name. */
  synchronized void register(String key, Pod pod, String ip) {
    String namespace = pod.getMetadata().getNamespace();
    String hostname = pod.getSpec().getHostname();
    String subdomain = pod.getSpec().getSubdomain();
    if (hostname != null && subdomain != null
        && client.services().inNamespace(namespace).withName(subdomain).get() != null) {
      records.put(key, new Record(namespace, hostname, subdomain, ip));
    }
    write(namespace);
  }

  synchronized void unregister(String key) {
    Record removed = records.remove(key);
    if (removed != null) {
      write(removed.namespace());
    }
  }

  /** Rewrites every namespace's file (a record's full names appear in all of them), each replaced at once. */
  private void write(String namespace) {
    namespaces.add(namespace);
    try {
      Files.createDirectories(directory);
      for (String ns : namespaces) {
        List<String> lines = new ArrayList<>(List.of("# segtpu sandbox cluster DNS for pods of namespace " + ns));
        for (Record r : records.values()) {
          String service = r.hostname() + "." + r.subdomain() + "." + r.namespace();
          String names = service + ".svc.cluster.local " + service + ".svc";
          if (r.namespace().equals(ns)) {
            names += " " + service + " " + r.hostname() + "." + r.subdomain();
          }
          lines.add(r.ip() + " " + names);
        }
        Path file = hostsFile(ns);
        Path next = Files.createTempFile(directory, ns, ".tmp");
        Files.write(next, lines);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sandbox's DNS records in " + directory, e);
    }
  }
}
