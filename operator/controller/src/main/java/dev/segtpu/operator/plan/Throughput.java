package dev.segtpu.operator.plan;

/**
 * Images per second a whole slice trains at, with the chain of figures it was derived from.
 *
 * @param basis the derivation in words, each factor naming its source
 */
public record Throughput(double imagesPerSecond, Confidence confidence, String basis) {

  public Throughput {
    if (!(imagesPerSecond > 0)) {
      throw new IllegalArgumentException("throughput must be > 0 images/s, got " + imagesPerSecond);
    }
  }

  /** Seconds to train on {@code images}. */
  public double secondsFor(long images) {
    return images / imagesPerSecond;
  }
}
