package dev.segtpu.operator.progress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A response body read into memory up to a size and within a time, then given up: the trainer image is
 * the job author's, so its {@code /status} may answer with anything, endlessly or never, and one such
 * trainer must not cost the operator its memory or a connection per poll.
 *
 * <p>The request's own timeout ends with the response headers; this bounds the body as well. Past either
 * limit the subscription is cancelled, which closes the connection, and the body completes with an
 * {@link IOException} that says which limit.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  private final int maxBytes;
  private final Duration deadline;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  private BoundedBody(int maxBytes, Duration deadline) {
    this.maxBytes = maxBytes;
    this.deadline = deadline;
  }

  static HttpResponse.BodyHandler<byte[]> handler(int maxBytes, Duration deadline) {
    return info -> new BoundedBody(maxBytes, deadline);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> giveUp("the body did not arrive within " + deadline.toMillis() + " ms"));
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      if (bytes.size() + buffer.remaining() > maxBytes) {
        giveUp("the body is larger than " + maxBytes + " bytes");
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public synchronized void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public synchronized void onComplete() {
    result.complete(bytes.toByteArray());
  }

  private void giveUp(String why) {
    if (result.completeExceptionally(new IOException(why))) {
      subscription.cancel();
    }
  }
}
