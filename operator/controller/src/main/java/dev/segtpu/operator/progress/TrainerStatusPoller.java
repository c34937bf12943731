package dev.segtpu.operator.progress;

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
 */
public final class TrainerStatusPoller implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TrainerStatusPoller.class);

  /** What was last heard from one job's trainer. */
  public record Observation(int attempt, TrainerReport report, Instant receivedAt, String lastError) {}

  private final HttpClient http;
  private final ExecutorService executor;
  private final Duration timeout;
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Observation> observations = new ConcurrentHashMap<>();
  private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastAsked = new ConcurrentHashMap<>();
  private volatile Consumer<String> listener = key -> { };

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
    if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) {
      return;
    }
    lastAsked.put(key, now);
    URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/status");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", "application/json").build();
    try {
      http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
          .whenComplete((response, error) -> {
            try {
              record(key, attempt, response, error);
            } finally {
              inFlight.remove(key);
            }
          });
    } catch (RuntimeException e) {
      inFlight.remove(key);
      throw e;
    }
  }

  private void record(String key, int attempt, HttpResponse<byte[]> response, Throwable error) {
    Observation previous = observations.get(key);
    TrainerReport previousReport = previous != null && previous.attempt() == attempt ? previous.report() : null;
    Instant previousTime = previous != null && previous.attempt() == attempt ? previous.receivedAt() : null;
    if (error != null || response.statusCode() != 200) {
      String why = error != null ? error.getClass().getSimpleName() + ": " + error.getMessage() : "HTTP " + response.statusCode();
      log.debug("trainer status of {} unavailable: {}", key, why);
      observations.put(key, new Observation(attempt, previousReport, previousTime, why));
      return;
    }
    try {
      TrainerReport report = TrainerReport.parse(response.body());
      observations.put(key, new Observation(attempt, report, clock.instant(), null));
      if (!report.equals(previousReport)) {
        listener.accept(key);
      }
    } catch (Exception e) {
      observations.put(key, new Observation(attempt, previousReport, previousTime, "unreadable status: " + e.getMessage()));
    }
  }

  public void forget(String key) {
    observations.remove(key);
    lastAsked.remove(key);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
