package io.losseval.jmh;

import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The kernels of the log-softmax family timed on a shared machine: each variant runs for 50 ms of
 * this thread's CPU time per round, the variants take turns, and the best and median ns per row
 * over the rounds after 3 warm-up rounds are printed. Thread CPU time leaves out the time the
 * thread waited for a core, which on a loaded machine makes wall-clock JMH scores swing by 2x or
 * more; it still counts cache and frequency effects of the load. Uses only the kernel API, so the
 * same file measures older commits too. Run: {@code mvn -B -q -Pjmh test-compile exec:java
 * -Dexec.mainClass=io.losseval.jmh.KernelRounds -Dexec.classpathScope=test [-Drounds=N]} (in
 * Maven's JVM; the arguments the jmh profile passes for JMH are ignored).
 */
public final class KernelRounds {
  private static final int ROWS = 4096;
  private static final int CLASSES = 10;
  private static final long SLICE_NANOS = 50_000_000L;
  private static final int WARMUP = 3;

  private KernelRounds() {}

  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 15);
    double[] logits = BenchData.logits(ROWS, CLASSES);
    double[] labels = BenchData.labels(ROWS, CLASSES);
    double[] multiLabels = new double[ROWS * CLASSES];
    for (int i = 0; i < multiLabels.length; i++) {
      multiLabels[i] = labels[i % ROWS] == i % CLASSES ? 1.0 : 0.0;
    }
    double[][] reg = BenchData.regression(ROWS);
    List<Shape> arrayAndScalar = List.of(Shape.ARRAY, Shape.SCALAR);
    LossKernel ce = LossCatalog.get("cross_entropy").bind(Map.of(), arrayAndScalar);
    LossKernel mlsm =
        LossCatalog.get("multilabel_soft_margin_loss")
            .bind(Map.of(), List.of(Shape.ARRAY, Shape.ARRAY));
    LossKernel mse =
        LossCatalog.get("mse_loss").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
    Sample s = new Sample(2);

    Map<String, DoubleSupplier> variants = new LinkedHashMap<>();
    variants.put(
        "cross_entropy, rows in one batch (addArrayRows)",
        () -> {
          LossState st = ce.newState();
          s.set(0, logits, 0, ROWS * CLASSES, CLASSES).set(1, labels, 0, ROWS, 1);
          ce.addArrayRows(s, ROWS, CLASSES, st);
          return ce.result(st, Reduction.SUM);
        });
    variants.put("cross_entropy, one row at a time (add)", addEachRow(ce, s, logits, labels));
    variants.put(
        "multilabel_soft_margin_loss, one row at a time (add)",
        () -> {
          LossState st = mlsm.newState();
          for (int r = 0; r < ROWS; r++) {
            int off = r * CLASSES;
            mlsm.add(s.set(0, logits, off, CLASSES, 1).set(1, multiLabels, off, CLASSES, 1), st);
          }
          return mlsm.result(st, Reduction.SUM);
        });
    variants.put(
        "mse_loss_none's kernel part (perSample)",
        () -> {
          double sum = 0.0;
          for (int r = 0; r < ROWS; r++) {
            sum += mse.perSample(s.set(0, reg[0], r, 1, 1).set(1, reg[1], r, 1, 1));
          }
          return sum;
        });
    run(variants, rounds, ROWS, ROWS + " rows of " + CLASSES + " classes");
  }

  /**
   * A variant adding {@link #ROWS} rows of {@link #CLASSES} {@code logits} and their {@code labels}
   * one at a time through {@code kernel.add}, pointing {@code s} at each.
   */
  static DoubleSupplier addEachRow(LossKernel kernel, Sample s, double[] logits, double[] labels) {
    return () -> {
      LossState st = kernel.newState();
      for (int r = 0; r < ROWS; r++) {
        kernel.add(s.set(0, logits, r * CLASSES, CLASSES, 1).set(1, labels, r, 1, 1), st);
      }
      return kernel.result(st, Reduction.SUM);
    };
  }

  /**
   * Times each variant (one call: {@code rows} rows) in turns for {@code rounds} rounds after the
   * warm-up and prints the best and median ns a row; {@code what} names the rows in the heading.
   * Shared with {@link IntervalRounds} and {@link ArrayReadRounds}.
   */
  static void run(Map<String, DoubleSupplier> variants, int rounds, int rows, String what) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, List<Double>> nsPerRow = new LinkedHashMap<>();
    double sink = 0.0;
    for (int round = 0; round < WARMUP + rounds; round++) {
      for (Map.Entry<String, DoubleSupplier> v : variants.entrySet()) {
        long start = threads.getCurrentThreadCpuTime();
        long calls = 0;
        long used;
        do {
          sink += v.getValue().getAsDouble();
          calls++;
          used = threads.getCurrentThreadCpuTime() - start;
        } while (used < SLICE_NANOS);
        if (round >= WARMUP) {
          nsPerRow
              .computeIfAbsent(v.getKey(), k -> new ArrayList<>())
              .add(used / ((double) calls * rows));
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s; thread CPU time, %d rounds after %d warm-up (sink %s)%n",
        what,
        rounds,
        WARMUP,
        Double.isNaN(sink) ? "NaN" : "ok");
    System.out.println("| kernel | best ns a row | median ns a row |");
    System.out.println("|---|---:|---:|");
    nsPerRow.forEach(
        (name, ns) -> {
          Collections.sort(ns);
          System.out.printf(
              Locale.ROOT, "| %s | %.1f | %.1f |%n", name, ns.get(0), ns.get(ns.size() / 2));
        });
  }
}
