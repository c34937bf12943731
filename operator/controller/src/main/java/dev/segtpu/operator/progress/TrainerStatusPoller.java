package dev.segtpu.operator.progress;

import dev.segtpu.contract.StatusDocument;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads worker 0's {@code GET /status} without blocking reconciliation: {@link #refresh} starts an
 * asynchronous request (at most one in flight per job, with a short timeout), and the answer is kept
 * for {@link #latest}. When a report differs from the previous one, the listener hears the job's key
 * so the job is reconciled with it. A slow or dead endpoint only leaves the last good report in place.
 *
 * <p>The trainer image is the job author's, so an answer is read only up to {@link #MAX_BODY_BYTES} and
 * within the timeout ({@link BoundedBody}); an answer that is too large, too slow or not a report is
 * "no report", and {@link #takeRejection} tells the reconciler once per attempt, for a Warning event.
 */
public final class TrainerStatusPoller implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TrainerStatusPoller.class);

  /** The largest {@code /status} answer read; the trainer's own documents are a few KiB. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** What was last heard from one job's trainer. */
  public record Observation(int attempt, StatusDocument report, Instant receivedAt, String lastError) {}

  private final HttpClient http;
  private final ExecutorService executor;
  private final Duration timeout;
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Observation> observations = new ConcurrentHashMap<>();
  /** Per job: the request in flight; {@link #forget} drops it, so its late answer is not kept. */
  private final Map<String, Object> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastAsked = new ConcurrentHashMap<>();
  /** Per job: the attempt and reason of a refused answer not yet reported, or already reported (null reason). */
  private final Map<String, Rejection> rejections = new ConcurrentHashMap<>();
  private volatile Consumer<String> listener = key -> { };

  private record Rejection(int attempt, String reason, boolean reported) {}

  /**
   * @param timeout connect and request timeout of one GET /status
   * @param interval the least time between two requests to one job's trainer
   */
  public TrainerStatusPoller(Duration timeout, Duration interval, Clock clock) {
    this.timeout = timeout;
    this.interval = interval;
    this.clock = clock;
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "trainer-status-poller");
      thread.setDaemon(true);
      return thread;
    });
    this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(executor).build();
  }

  /** Hears the key of a job whose report changed. */
  public void onChange(Consumer<String> listener) {
    this.listener = Objects.requireNonNull(listener);
  }

  /** The latest report of this attempt, if one arrived. */
  public Optional<Observation> latest(String key, int attempt) {
    Observation observation = observations.get(key);
    return observation == null || observation.attempt() != attempt ? Optional.empty() : Optional.of(observation);
  }

  /**
   * Asks the trainer for its status, unless a request for this job is still in flight or the last one
   * started less than the interval ago (a reconciliation caused by a new report must not ask again at once).
   */
  public void refresh(String key, int attempt, String host, int port) {
    Instant now = clock.instant();
    Instant last = lastAsked.get(key);
    if (last != null && now.isBefore(last.plus(interval))) {
      return;
    }
    Object request = new Object();
    if (inFlight.putIfAbsent(key, request) != null) {
      return;
    }
    lastAsked.put(key, now);
    URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/status");
    HttpRequest get = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", "application/json").build();
    try {
      http.sendAsync(get, BoundedBody.handler(MAX_BODY_BYTES, timeout))
          .whenComplete((response, error) -> {
            // Recorded while still in flight, so an answer arriving after forget() (the job was deleted)
            // is dropped rather than kept for whatever job comes next.
            synchronized (request) {
              if (inFlight.get(key) == request) {
                try {
                  record(key, attempt, response, error);
                } finally {
                  inFlight.remove(key, request);
                }
              }
            }
          });
    } catch (RuntimeException e) {
      inFlight.remove(key, request);
      throw e;
    }
  }

  private void record(String key, int attempt, HttpResponse<byte[]> response, Throwable error) {
    Observation previous = observations.get(key);
    StatusDocument previousReport = previous != null && previous.attempt() == attempt ? previous.report() : null;
    Instant previousTime = previous != null && previous.attempt() == attempt ? previous.receivedAt() : null;
    Throwable cause = error != null && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof java.io.IOException && cause.getMessage() != null && cause.getMessage().startsWith("the body")) {
      reject(key, attempt, "its GET /status answer was refused: " + cause.getMessage());
      observations.put(key, new Observation(attempt, previousReport, previousTime, cause.getMessage()));
      return;
    }
    if (error != null || response.statusCode() != 200) {
      String why = error != null ? error.getClass().getSimpleName() + ": " + error.getMessage() : "HTTP " + response.statusCode();
      log.debug("trainer status of {} unavailable: {}", key, why);
      observations.put(key, new Observation(attempt, previousReport, previousTime, why));
      return;
    }
    try {
      StatusDocument report = StatusDocument.parse(response.body());
      observations.put(key, new Observation(attempt, report, clock.instant(), null));
      if (!report.equals(previousReport)) {
        listener.accept(key);
      }
    } catch (Exception e) {
      reject(key, attempt, "its GET /status answer is not a status report ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
      observations.put(key, new Observation(attempt, previousReport, previousTime, "unreadable status: " + e.getMessage()));
    }
  }

  private void reject(String key, int attempt, String reason) {
    Rejection previous = rejections.get(key);
    if (previous == null || previous.attempt() != attempt) {
      rejections.put(key, new Rejection(attempt, reason, false));
      listener.accept(key);
    }
  }

  /**
   * Why the trainer's answers are refused, the first time this is asked for this attempt; empty
   * afterwards, so one misbehaving trainer makes one Warning event per attempt, not one per poll.
   */
  public Optional<String> takeRejection(String key, int attempt) {
    Rejection rejection = rejections.get(key);
    if (rejection == null || rejection.attempt() != attempt || rejection.reported()) {
      return Optional.empty();
    }
    rejections.put(key, new Rejection(attempt, rejection.reason(), true));
    return Optional.of(rejection.reason());
  }

  /** Forgets a deleted job: what was heard, and the answer of a request still in flight. */
  public void forget(String key) {
    Object request = inFlight.remove(key);
    if (request != null) {
      synchronized (request) {
        // waits for an answer being recorded right now, which the removals below then undo
      }
    }
    observations.remove(key);
    lastAsked.remove(key);
    rejections.remove(key);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
