package dev.segtpu.operator;

import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.validation.HostPathPolicy;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.operator.reconcile.decide.LifecyclePolicy;
import dev.segtpu.operator.workload.WorkloadDefaults;
import dev.segtpu.tpu.PriceTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's configuration, from environment variables and command-line flags (flags win). Every
 * setting has a flag {@code --name=value} and an environment variable {@code SEGTPU_NAME} (upper case,
 * dashes as underscores); {@link #usage()} lists them.
 *
 * @param namespaces namespaces to watch; empty watches all
 */
public record OperatorSettings(
    Set<String> namespaces,
    String trainerImage,
    String trainerServiceAccount,
    Duration statusPollInterval,
    Duration statusPollTimeout,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    String identity,
    int metricsPort,
    boolean watchNodes,
    boolean kueueGate,
    long spotGraceSeconds,
    long onDemandGraceSeconds,
    Duration backoffBase,
    Duration backoffMax,
    Duration autoCheckpointInterval,
    int reconcileThreads,
    Map<TpuGeneration, String> acceleratorLabels,
    int trainerStatusPort,
    Duration leaseDuration,
    Duration leaseRenewDeadline,
    Duration leaseRetryPeriod,
    boolean exitOnLostLease,
    String priceTableFile,
    Duration orphanSweepInterval,
    List<String> allowedHostPathPrefixes,
    boolean recordThroughput) {

  /** name, default, description: the single list of settings. */
  static final String[][] SETTINGS = {
      {"namespaces", "", "comma-separated namespaces to watch; empty watches all"},
      {"trainer-image", WorkloadDefaults.DEFAULT_TRAINER_IMAGE, "trainer image for jobs that do not set spec.trainer.image"},
      {"trainer-service-account", "", "service account of trainer pods (Workload Identity for Cloud Storage); empty: namespace default"},
      {"status-poll-interval", "30s", "how often worker 0's GET /status is read while a job runs"},
      {"status-poll-timeout", "2s", "timeout of one GET /status"},
      {"leader-election", "true", "hold a Lease so only one replica reconciles"},
      {"lease-name", "segtpu-operator", "name of the leader-election Lease"},
      {"lease-namespace", "", "namespace of the Lease; default: $POD_NAMESPACE"},
      {"identity", "", "leader-election identity; default: $POD_NAME or the host name"},
      {"metrics-port", "8080", "port of /healthz, /readyz and /metrics"},
      {"watch-nodes", "true", "watch nodes (needs get/list/watch on nodes) to see node loss and drains at once"},
      {"kueue-gate", "true", "a job with label kueue.x-k8s.io/queue-name runs each attempt as a Kueue pod group in that queue (Kueue's pod integration admits it)"},
      {"spot-grace", "30s", "terminationGracePeriodSeconds of Spot and preemptible workers"},
      {"on-demand-grace", "120s", "terminationGracePeriodSeconds of on-demand and reserved workers"},
      {"backoff-base", "10s", "wait before restarting after the first trainer failure (doubles per failure)"},
      {"backoff-max", "5m", "longest wait before restarting after a trainer failure"},
      {"auto-checkpoint-interval", "10m", "checkpoint interval given for checkpoint.interval: auto when no planner is wired"},
      {"reconcile-threads", "50", "concurrent reconciliations"},
      {"accelerator-labels", "", "per-generation node label overrides, e.g. v3=tpu-v3-device,v2=tpu-v2-device (makes them schedulable)"},
      {"trainer-status-port", String.valueOf(TrainerContract.DEFAULT_STATUS_PORT), "SEGTPU_STATUS_PORT given to trainers; worker 0's /status is read there"},
      {"lease-duration", "15s", "how long a leader's Lease is valid without renewal"},
      {"lease-renew-deadline", "10s", "how long the leader keeps trying to renew before it gives up leadership"},
      {"lease-retry-period", "2s", "how often replicas try to acquire or renew the Lease"},
      {"exit-on-lost-lease", "true", "exit the process when leadership is lost (the pod restarts as a follower)"},
      {"price-table", "", "YAML price table (USD per chip-hour) every cost figure is priced with; empty: the shipped default"},
      {"orphan-sweep-interval", "60s", "how often the leader deletes pods and services whose job was deleted while no operator ran"},
      {"allowed-host-path-prefixes", "", "comma-separated node directories under which jobs may use hostPath storage; empty: none "
          + "(a hostPath volume gives the job's image the node's files; the sandbox allows /)"},
      {"record-throughput", "false", "record each succeeded job's images/s in the ConfigMap segtpu-throughput of the lease "
          + "namespace (needs get/update on it and create on configmaps there); status.estimate then prefers measured figures"},
  };

  public static OperatorSettings defaults() {
    return parse(new String[0], Map.of());
  }

  public static OperatorSettings parse(String[] args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String[] setting : SETTINGS) {
      values.put(setting[0], setting[1]);
      String fromEnv = env.get(envName(setting[0]));
      if (fromEnv != null) {
        values.put(setting[0], fromEnv);
      }
    }
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'\n" + usage());
      }
      String name = arg.substring(2, arg.indexOf('='));
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("unknown setting --" + name + "\n" + usage());
      }
      values.put(name, arg.substring(arg.indexOf('=') + 1));
    }
    String leaseNamespace = values.get("lease-namespace").isEmpty() ? env.getOrDefault("POD_NAMESPACE", "default") : values.get("lease-namespace");
    String identity = values.get("identity").isEmpty() ? env.getOrDefault("POD_NAME", hostName()) : values.get("identity");
    return new OperatorSettings(
        list(values.get("namespaces")),
        values.get("trainer-image"),
        values.get("trainer-service-account").isEmpty() ? null : values.get("trainer-service-account"),
        duration("status-poll-interval", values),
        duration("status-poll-timeout", values),
        bool("leader-election", values),
        values.get("lease-name"),
        leaseNamespace,
        identity,
        Integer.parseInt(values.get("metrics-port")),
        bool("watch-nodes", values),
        bool("kueue-gate", values),
        duration("spot-grace", values).toSeconds(),
        duration("on-demand-grace", values).toSeconds(),
        duration("backoff-base", values),
        duration("backoff-max", values),
        duration("auto-checkpoint-interval", values),
        Integer.parseInt(values.get("reconcile-threads")),
        labels(values.get("accelerator-labels")),
        Integer.parseInt(values.get("trainer-status-port")),
        duration("lease-duration", values),
        duration("lease-renew-deadline", values),
        duration("lease-retry-period", values),
        bool("exit-on-lost-lease", values),
        values.get("price-table"),
        duration("orphan-sweep-interval", values),
        absolutePaths("allowed-host-path-prefixes", values),
        bool("record-throughput", values));
  }

  public WorkloadDefaults workloadDefaults() {
    return new WorkloadDefaults(trainerImage, spotGraceSeconds, onDemandGraceSeconds, TrainerContract.TRAINER_UID,
        trainerServiceAccount, trainerStatusPort);
  }

  public LifecyclePolicy lifecyclePolicy() {
    return new LifecyclePolicy(backoffBase, backoffMax, statusPollInterval, kueueGate);
  }

  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(watched, trainerImage, trainerServiceAccount, statusPollInterval, statusPollTimeout,
        leaderElection, leaseName, leaseNamespace, identity, metricsPort, watchNodes, kueueGate, spotGraceSeconds,
        onDemandGraceSeconds, backoffBase, backoffMax, autoCheckpointInterval, reconcileThreads, acceleratorLabels,
        trainerStatusPort, leaseDuration, leaseRenewDeadline, leaseRetryPeriod, exitOnLostLease, priceTableFile,
        orphanSweepInterval, allowedHostPathPrefixes, recordThroughput);
  }

  /** The same settings serving /healthz, /readyz and /metrics on {@code port} (0: any free port). */
  public OperatorSettings withMetricsPort(int port) {
    return new OperatorSettings(namespaces, trainerImage, trainerServiceAccount, statusPollInterval, statusPollTimeout,
        leaderElection, leaseName, leaseNamespace, identity, port, watchNodes, kueueGate, spotGraceSeconds,
        onDemandGraceSeconds, backoffBase, backoffMax, autoCheckpointInterval, reconcileThreads, acceleratorLabels,
        trainerStatusPort, leaseDuration, leaseRenewDeadline, leaseRetryPeriod, exitOnLostLease, priceTableFile,
        orphanSweepInterval, allowedHostPathPrefixes, recordThroughput);
  }

  /** The price table named by {@code --price-table} (a mounted ConfigMap in the chart), else the shipped default. */
  public PriceTable priceTable() {
    if (priceTableFile.isEmpty()) {
      return PriceTable.defaults();
    }
    try {
      return PriceTable.parse(Files.readAllBytes(Path.of(priceTableFile)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --price-table=" + priceTableFile, e);
    }
  }

  /** Which hostPath storage the operator's validator accepts. */
  public HostPathPolicy hostPathPolicy() {
    return new HostPathPolicy(allowedHostPathPrefixes);
  }

  public static String usage() {
    StringBuilder text = new StringBuilder("segtpu operator settings (flag --name=value, or environment variable):\n");
    for (String[] setting : SETTINGS) {
      text.append(String.format(Locale.ROOT, "  --%-26s %-34s %s (default: %s)%n", setting[0], envName(setting[0]), setting[2],
          setting[1].isEmpty() ? "-" : setting[1]));
    }
    return text.toString();
  }

  /**
   * The variable of the operator's own setting {@code --name}: {@code --trainer-image} is
   * {@code SEGTPU_TRAINER_IMAGE}, with the project's prefix, the one the trainer contract reserves.
   */
  static String envName(String name) {
    return TrainerContract.RESERVED_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static List<String> absolutePaths(String name, Map<String, String> values) {
    List<String> paths = List.copyOf(list(values.get(name)));
    for (String path : paths) {
      if (!path.startsWith("/") || path.contains("..")) {
        throw new IllegalArgumentException("--" + name + ": '" + path + "' is not an absolute path without ..");
      }
    }
    return paths;
  }

  private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m|h)$");

  static Duration duration(String name, Map<String, String> values) {
    Matcher m = DURATION.matcher(values.get(name).trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--" + name + "=" + values.get(name) + " is not a duration such as 250ms, 30s, 5m or 1h");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  static boolean bool(String name, Map<String, String> values) {
    String value = values.get(name).trim().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("--" + name + "=" + values.get(name) + " must be true or false");
    }
    return value.equals("true");
  }

  static Set<String> list(String value) {
    Set<String> items = new TreeSet<>();
    Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
    return items;
  }

  static Map<TpuGeneration, String> labels(String value) {
    Map<TpuGeneration, String> labels = new EnumMap<>(TpuGeneration.class);
    for (String item : list(value)) {
      int eq = item.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("--accelerator-labels item '" + item + "' is not generation=label");
      }
      labels.put(TpuGeneration.fromValue(item.substring(0, eq)), item.substring(eq + 1));
    }
    return labels;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "segtpu-operator";
    }
  }
}
