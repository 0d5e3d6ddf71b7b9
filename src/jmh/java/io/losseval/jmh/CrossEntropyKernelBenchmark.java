package io.losseval.jmh;

import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code cross_entropy} with class-index targets through the kernel API, one row at a time ({@code
 * kernel}) and in batches of 4,096 rows as the columnar aggregate gives them ({@code
 * kernelBatched}), against a plain log-softmax loop summed in a {@code double}. Scores are ns per
 * row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CrossEntropyKernelBenchmark {
  static final int ROWS = 1 << 14;
  static final int BATCH = 4096;

  @Param({"10"})
  public int classes;

  private double[] logits;
  private double[] labels;
  private LossKernel kernel;
  private final Sample sample = new Sample(2);

  @Setup
  public void setUp() {
    logits = BenchData.logits(ROWS, classes);
    labels = BenchData.labels(ROWS, classes);
    kernel = LossCatalog.get("cross_entropy").bind(Map.of(), List.of(Shape.ARRAY, Shape.SCALAR));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double plainLoop() {
    double s = 0.0;
    int c = classes;
    for (int r = 0; r < ROWS; r++) {
      int off = r * c;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        max = Math.max(max, logits[off + k]);
      }
      double sumExp = 0.0;
      for (int k = 0; k < c; k++) {
        sumExp += Math.exp(logits[off + k] - max);
      }
      s += Math.log(sumExp) - (logits[off + (int) labels[r]] - max);
    }
    return s / ROWS;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Double kernel() {
    LossState st = kernel.newState();
    for (int r = 0; r < ROWS; r++) {
      sample.set(0, logits, r * classes, classes, 1).set(1, labels, r, 1, 1);
      kernel.add(sample, st);
    }
    return kernel.result(st, Reduction.MEAN);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Double kernelBatched() {
    LossState st = kernel.newState();
    for (int r = 0; r < ROWS; r += BATCH) {
      sample.set(0, logits, r * classes, BATCH * classes, classes).set(1, labels, r, BATCH, 1);
      kernel.addArrayRows(sample, BATCH, classes, st);
    }
    return kernel.result(st, Reduction.MEAN);
  }
}
