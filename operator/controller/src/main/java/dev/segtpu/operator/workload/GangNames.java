package dev.segtpu.operator.workload;

import dev.segtpu.api.SegmentationTrainingJob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names and labels of the objects that make up a job's worker gang. Everything the operator later
 * needs to recognise (job, attempt, worker index) is carried in labels, so the gang can be rebuilt from
 * the cluster after an operator restart.
 */
public final class GangNames {

  public static final String JOB_LABEL = "segtpu.dev/job";
  public static final String ATTEMPT_LABEL = "segtpu.dev/attempt";
  public static final String WORKER_LABEL = "segtpu.dev/worker";
  /** The worker's slice (0-based), on the pods of jobs of more than one slice (Multislice). */
  public static final String SLICE_LABEL = "segtpu.dev/slice";
  public static final String PROVISIONING_ANNOTATION = "segtpu.dev/provisioning";

  public static final String NAME_LABEL = "app.kubernetes.io/name";
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String APP_NAME = "segtpu-trainer";
  public static final String PART_OF = "segtpu";
  public static final String MANAGED_BY = "segtpu-operator";
  public static final String WORKER_COMPONENT = "worker";

  /** Selects every object this operator owns; the informers watch only these. */
  public static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;

  /** The Kueue queue label; a job carrying it waits for Kueue's admission (spec.suspend: false). */
  public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

  public static final String TRAINER_CONTAINER = "trainer";

  private static final int LABEL_VALUE_MAX = 63;
  private static final int OBJECT_NAME_MAX = 253;

  private GangNames() {}

  /** The job label value: the job name, shortened with a hash suffix when longer than a label value may be. */
  public static String jobLabelValue(String jobName) {
    return shorten(jobName, LABEL_VALUE_MAX);
  }

  public static String jobLabelValue(SegmentationTrainingJob job) {
    return jobLabelValue(job.getMetadata().getName());
  }

  /** Pod name of one worker of one attempt: {@code <job>-a<attempt>-w<worker>}. */
  public static String podName(String jobName, int attempt, int worker) {
    String suffix = "-a" + attempt + "-w" + worker;
    return shorten(jobName, OBJECT_NAME_MAX - suffix.length()) + suffix;
  }

  /**
   * The headless Service of a job of several workers (hosts, slices or both), also the pods' {@code subdomain}: a DNS-1035 label
   * ({@code <job>-workers}, at most 63 characters, starting with a letter).
   */
  public static String serviceName(String jobName) {
    String base = jobName.toLowerCase(Locale.ROOT).replace('.', '-');
    if (!Character.isLetter(base.charAt(0))) {
      base = "j" + base;
    }
    String suffix = "-workers";
    return trimDashes(shorten(base, LABEL_VALUE_MAX - suffix.length())) + suffix;
  }

  /**
   * The stable hostname of worker {@code worker}, its index among all workers of all slices, so it is
   * unique within the job's subdomain.
   */
  public static String hostname(int worker) {
    return "worker-" + worker;
  }

  /** What a worker's peers resolve: {@code worker-<i>.<service>}. */
  public static String workerAddress(String jobName, int worker) {
    return hostname(worker) + "." + serviceName(jobName);
  }

  static String shorten(String value, int max) {
    if (value.length() <= max) {
      return value;
    }
    String hash = hash(value);
    return trimDashes(value.substring(0, max - hash.length() - 1)) + "-" + hash;
  }

  private static String trimDashes(String value) {
    int end = value.length();
    while (end > 1 && (value.charAt(end - 1) == '-' || value.charAt(end - 1) == '.')) {
      end--;
    }
    return value.substring(0, end);
  }

  private static String hash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
