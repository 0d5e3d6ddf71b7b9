package io.losseval.jmh;

import java.util.SplittableRandom;

/** Deterministic inputs shared by the core benchmarks, so that every run measures the same data. */
final class BenchData {
  private BenchData() {}

  static final long SEED = 20240611L;

  /**
   * Regression rows: predictions and labels around 1 with a small error, as a fitted model gives.
   */
  static double[][] regression(int rows) {
    SplittableRandom r = new SplittableRandom(SEED);
    double[] prediction = new double[rows];
    double[] label = new double[rows];
    for (int i = 0; i < rows; i++) {
      label[i] = r.nextDouble() * 10.0;
      prediction[i] = label[i] + r.nextGaussian() * 0.5;
    }
    return new double[][] {prediction, label};
  }

  /**
   * {@code rows} rows of {@code classes} logits, flat and row-major, plus a class index per row.
   */
  static double[] logits(int rows, int classes) {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    double[] logits = new double[rows * classes];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = r.nextGaussian() * 2.0;
    }
    return logits;
  }

  static double[] labels(int rows, int classes) {
    SplittableRandom r = new SplittableRandom(SEED + 2);
    double[] labels = new double[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = r.nextInt(classes);
    }
    return labels;
  }
}
