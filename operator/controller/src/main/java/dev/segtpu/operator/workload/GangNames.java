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

  /**
   * The Kueue queue label. A job carrying it runs each attempt as a Kueue pod group (Kueue's {@code pod}
   * integration: the pods carry the queue, the group's name and size; Kueue's webhook gates them and
   * admits the group as one Workload), which needs no Kueue integration of the job's own kind.
   */
  public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
  /** The pod group of an attempt; Kueue names the group's Workload after it. */
  public static final String KUEUE_POD_GROUP_LABEL = "kueue.x-k8s.io/pod-group-name";
  /** How many pods make the group complete (Kueue admits a group only once all of them exist). */
  public static final String KUEUE_POD_GROUP_TOTAL_ANNOTATION = "kueue.x-k8s.io/pod-group-total-count";
  /**
   * "false" on a pod of a group that will not be retried: Kueue finishes the group's Workload (releasing
   * its quota) once all its pods terminated, instead of waiting for replacement pods.
   */
  public static final String KUEUE_RETRIABLE_ANNOTATION = "kueue.x-k8s.io/retriable-in-group";
  /** The scheduling gate Kueue's webhook puts on the pods it manages, removed at admission. */
  public static final String KUEUE_ADMISSION_GATE = "kueue.x-k8s.io/admission";

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

  /**
   * The Kueue pod group of one attempt: {@code <job>-<uid prefix>-a<attempt>}, a label value (at most 63
   * characters). The uid keeps a re-created job's groups apart from the old one's; each attempt is a group
   * of its own, so a restarted gang queues again (its old group is closed, see {@link #KUEUE_RETRIABLE_ANNOTATION}).
   */
  public static String podGroupName(SegmentationTrainingJob job, int attempt) {
    String uid = job.getMetadata().getUid();
    String suffix = (uid == null || uid.isEmpty() ? "" : "-" + uid.substring(0, Math.min(8, uid.length()))) + "-a" + attempt;
    return trimDashes(shorten(job.getMetadata().getName(), LABEL_VALUE_MAX - suffix.length())) + suffix;
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
