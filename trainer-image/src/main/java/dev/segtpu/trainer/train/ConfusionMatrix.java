package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.PixelwiseCrossEntropy;

/** Counts of (true class, predicted class) over evaluated pixels; ignore-labelled pixels are skipped. */
public final class ConfusionMatrix {

  private final int classes;
  private final long[][] counts;

  public ConfusionMatrix(int classes) {
    this.classes = classes;
    this.counts = new long[classes][classes];
  }

  public void add(int[] predictions, int[] labels) {
    for (int i = 0; i < labels.length; i++) {
      int truth = labels[i];
      if (truth == PixelwiseCrossEntropy.IGNORE_LABEL) {
        continue;
      }
      if (truth < 0 || truth >= classes) {
        throw new IllegalArgumentException("label " + truth + " outside 0.." + (classes - 1) + " and not the ignore label");
      }
      counts[truth][predictions[i]]++;
    }
  }

  /** IoU per class; NaN for a class absent from both labels and predictions. */
  public double[] perClassIoU() {
    double[] iou = new double[classes];
    for (int c = 0; c < classes; c++) {
      long truePositive = counts[c][c];
      long union = -truePositive;
      for (int k = 0; k < classes; k++) {
        union += counts[c][k] + counts[k][c];
      }
      iou[c] = union == 0 ? Double.NaN : (double) truePositive / union;
    }
    return iou;
  }

  /** Mean IoU over the classes that occur (in labels or predictions), as the reference's metric. */
  public double meanIoU() {
    double sum = 0;
    int present = 0;
    for (double iou : perClassIoU()) {
      if (!Double.isNaN(iou)) {
        sum += iou;
        present++;
      }
    }
    return present == 0 ? 0 : sum / present;
  }

  public double pixelAccuracy() {
    long correct = 0;
    long total = 0;
    for (int c = 0; c < classes; c++) {
      correct += counts[c][c];
      for (int k = 0; k < classes; k++) {
        total += counts[c][k];
      }
    }
    return total == 0 ? 0 : (double) correct / total;
  }
}
