package dev.segtpu.api;

/**
 * The bounds of every number, string and list in the spec, in one place: the CRD schema takes them
 * through the generator's annotations ({@code @Max(SpecLimits.MAX_STEPS)}) and the operator's
 * validator reads the same annotations ({@code validation.DeclaredBounds}), so the API server and the
 * operator refuse the same values.
 *
 * <p>Why every field is bounded: kube-apiserver stores any integer a schema does not bound (int64), and
 * a value the operator's Java types cannot hold would make the object unreadable to it. The bounds are
 * the domain's (nobody trains for 10⁹ steps), well inside the Java types.
 *
 * <p>Patterns are RE2 (kube-apiserver evaluates them with Go's regexp: no look-around).
 */
public final class SpecLimits {

  private SpecLimits() {}

  /** Steps, step counts and step boundaries. */
  public static final long MAX_STEPS = 1_000_000_000L;
  public static final long MAX_EPOCHS = 100_000L;
  public static final long MAX_TRAIN_EXAMPLES = 10_000_000_000L;
  /** Seeds stay exact in every JSON client (2⁵³ − 1). */
  public static final long MAX_SEED = 9_007_199_254_740_991L;
  public static final long MAX_PREEMPTIONS = 10_000L;
  /** One year: longer deadlines and TTLs are mistakes, and seconds of a year fit every Java type used. */
  public static final long MAX_SECONDS = 31_536_000L;
  public static final long MIN_UNSCHEDULABLE_TIMEOUT_SECONDS = 10L;
  /** Below two step times, ordinary jitter would look like a hang. */
  public static final long MIN_HANG_STEP_TIME_MULTIPLE = 2L;
  public static final long MAX_HANG_STEP_TIME_MULTIPLE = 1000L;
  /** A few status polls: a shorter floor would judge a hang on one or two answers. */
  public static final long MIN_HANG_SECONDS = 5L;
  public static final double MAX_COST_USD = 100_000_000.0;
  public static final long MAX_EXIT_CODE = 255L;
  public static final long MIN_OUTPUT_STRIDE = 8L;
  public static final long MAX_OUTPUT_STRIDE = 16L;
  /**
   * Slices of one Multislice job: a bound of the domain (256 slices of the largest topologies is far
   * beyond any segmentation run), not a documented GKE limit.
   */
  public static final long MAX_SLICES = 256L;

  public static final int MAX_LIST_ITEMS = 64;
  /** GKE flex-start keeps capacity at most seven days (its default maxRunDurationSeconds). */
  public static final long MAX_FLEX_START_RUN_SECONDS = 604_800L;
  /** Below ten minutes a flex-start run would spend most of itself starting. */
  public static final long MIN_FLEX_START_RUN_SECONDS = 600L;
  /** Rungs of a provisioning ladder after the first: every provisioning mode once is five. */
  public static final int MAX_LADDER_RUNGS = 5;
  public static final int MAX_SCHEDULE_BOUNDARIES = 32;
  public static final int MAX_ARG_LENGTH = 4096;
  public static final int MAX_PATH_LENGTH = 1024;
  public static final int MAX_NAME_LENGTH = 253;
  public static final int MAX_IMAGE_LENGTH = 512;
  /** A DNS label: container, volume and resource claim names. */
  public static final int MAX_LABEL_LENGTH = 63;
  /** The longest field path a Kubernetes field selector names ({@code metadata.annotations['...']}). */
  public static final int MAX_FIELD_PATH_LENGTH = 256;
  /** 32 KiB: a variable longer than this belongs in a mounted file, not in the environment. */
  public static final int MAX_ENV_VALUE_LENGTH = 32_768;
  /** Entries of resources.limits, resources.requests and resources.claims: a container names a few. */
  public static final int MAX_RESOURCE_ENTRIES = 16;

  /**
   * A relative path of ordinary segments: never {@code .} or {@code ..} (a segment may start with up to two
   * dots only when a letter, digit, {@code _} or {@code -} follows, as hidden folders do), no comma, equals
   * sign, space or other character that could end a mount option or escape the mounted folder. One leading
   * or trailing slash is tolerated.
   */
  public static final String RELATIVE_PATH =
      "^/?\\.{0,2}[A-Za-z0-9_-][A-Za-z0-9_.-]*(/\\.{0,2}[A-Za-z0-9_-][A-Za-z0-9_.-]*)*/?$";

  /** An absolute path of ordinary segments (as {@link #RELATIVE_PATH}); never {@code /} itself. */
  public static final String ABSOLUTE_PATH = "^(/\\.{0,2}[A-Za-z0-9_-][A-Za-z0-9_.-]*)+/?$";

  /**
   * A file glob relative to the dataset folder: ordinary segments that may hold {@code * ? [ ]}, never
   * absolute, never {@code ..}.
   */
  public static final String FILE_GLOB = "^[A-Za-z0-9_*?\\[\\]-][A-Za-z0-9_.*?\\[\\]-]*(/[A-Za-z0-9_*?\\[\\]-][A-Za-z0-9_.*?\\[\\]-]*)*$";

  /** A container image reference: no whitespace or control characters. */
  public static final String IMAGE = "^[A-Za-z0-9][A-Za-z0-9._/:@+-]*$";

  /** A Kubernetes object name (DNS subdomain). */
  public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";

  /**
   * {@code spec.checkpoint.interval}: {@code auto}, a duration in seconds, minutes or hours, or a step count.
   * The CRD schema, the validator ({@code DeclaredBounds}) and the operator's parser
   * ({@code checkpointing.CheckpointInterval}) all read this one pattern; its digit bounds keep every value
   * a {@code Duration} and a {@code long} can hold.
   */
  public static final String CHECKPOINT_INTERVAL = "^(auto|[1-9][0-9]{0,8}(s|m|h)|[1-9][0-9]{0,9}steps)$";

  /**
   * An environment variable name as every Kubernetes version accepts it (its classic rule, before names
   * were relaxed to any printable character): letters, digits, {@code _ . -}, not starting with a digit.
   */
  public static final String ENV_NAME = "^[-._a-zA-Z][-._a-zA-Z0-9]*$";

  /** A Kubernetes UID as the API server assigns it. */
  public static final String UID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

  /**
   * What a pattern of this class asks for, in words, for error messages; empty for patterns that a
   * rule of the validator words itself.
   */
  public static java.util.Optional<String> describe(String pattern) {
    return java.util.Optional.ofNullable(switch (pattern) {
      case RELATIVE_PATH -> "a relative folder: segments of letters, digits, _ . - separated by /, none of them . or .. "
          + "(and no comma, = or space)";
      case ABSOLUTE_PATH -> "an absolute path: segments of letters, digits, _ . - separated by /, none of them . or .. "
          + "(not / itself)";
      case FILE_GLOB -> "a glob relative to the dataset folder, e.g. train-*.tfrecord or voc/train-*.tfrecord "
          + "(no leading /, no segment starting with a dot)";
      case IMAGE -> "an image reference such as registry/repository:tag, without spaces";
      case DNS_SUBDOMAIN -> "a Kubernetes name: lowercase letters, digits, - and ., starting and ending alphanumeric";
      case CHECKPOINT_INTERVAL -> "auto, a duration such as 30s, 10m or 2h, or a step count such as 2000steps";
      case ENV_NAME -> "an environment variable name: letters, digits, _ . -, not starting with a digit (e.g. LOG_LEVEL)";
      case UID -> "a Kubernetes UID such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427 (metadata.uid)";
      default -> null;
    });
  }
}
