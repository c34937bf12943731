package dev.segtpu.sandbox.apiserver;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Errors the sandbox API server answers instead of serving matching requests, the way an overloaded or
 * restarting control plane does, so that tests can show what the operator makes of them.
 */
public final class ApiFaults {

  private record Fault(String method, Pattern path, int code, AtomicInteger remaining) {}

  private final CopyOnWriteArrayList<Fault> faults = new CopyOnWriteArrayList<>();

  /** The next {@code times} {@code method} requests whose path (without query) matches {@code pathRegex} fail with {@code code}. */
  public void failNext(String method, String pathRegex, int code, int times) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), code, new AtomicInteger(times)));
  }

  /** How many injected failures have not been served yet. */
  public int pending() {
    return faults.stream().mapToInt(fault -> Math.max(0, fault.remaining().get())).sum();
  }

  Optional<MockResponse> answer(String method, String path) {
    for (Fault fault : faults) {
      if (fault.method().equals(method) && fault.path().matcher(path).matches() && fault.remaining().getAndDecrement() > 0) {
        Status status = new StatusBuilder().withStatus("Failure").withCode(fault.code()).withReason(fault.code() == 403 ? "Forbidden" : fault.code() >= 500 ? "InternalError" : "BadRequest")
            .withMessage("injected by the sandbox (ApiFaults) for " + method + " " + path).build();
        return Optional.of(new MockResponse().setResponseCode(fault.code())
            .setHeader("Content-Type", "application/json").setBody(Serialization.asJson(status)));
      }
    }
    return Optional.empty();
  }
}
