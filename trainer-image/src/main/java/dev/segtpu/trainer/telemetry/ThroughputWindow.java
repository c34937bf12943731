package dev.segtpu.trainer.telemetry;

/**
 * Images and steps per second over the most recent steps, so the rate follows the current speed rather
 * than averaging in start-up. Not thread-safe; the owner synchronizes.
 */
final class ThroughputWindow {

  private final int capacity;
  private final double[] seconds;
  private final int[] images;
  private int count;
  private int next;
  private double secondsSum;
  private long imagesSum;

  ThroughputWindow(int capacity) {
    this.capacity = capacity;
    this.seconds = new double[capacity];
    this.images = new int[capacity];
  }

  void add(int stepImages, double stepSeconds) {
    if (count == capacity) {
      secondsSum -= seconds[next];
      imagesSum -= images[next];
    } else {
      count++;
    }
    seconds[next] = stepSeconds;
    images[next] = stepImages;
    secondsSum += stepSeconds;
    imagesSum += stepImages;
    next = (next + 1) % capacity;
  }

  boolean isEmpty() {
    return count == 0 || secondsSum <= 0;
  }

  double imagesPerSecond() {
    return imagesSum / secondsSum;
  }

  double stepsPerSecond() {
    return count / secondsSum;
  }
}
