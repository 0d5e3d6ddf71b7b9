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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code mse_loss} over scalar rows, one row at a time through the kernel API the Spark adapter
 * uses, against the plain loop {@code avg(pow(p - l, 2))} compiles to. Scores are ns per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MseKernelBenchmark {
  static final int ROWS = 1 << 16;

  private double[] prediction;
  private double[] label;
  private LossKernel kernel;
  private final Sample sample = new Sample(2);

  @Setup
  public void setUp() {
    double[][] d = BenchData.regression(ROWS);
    prediction = d[0];
    label = d[1];
    kernel = LossCatalog.get("mse_loss").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double plainLoop() {
    double s = 0.0;
    for (int i = 0; i < ROWS; i++) {
      double e = prediction[i] - label[i];
      s += e * e;
    }
    return s / ROWS;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Double kernel() {
    LossState st = kernel.newState();
    for (int i = 0; i < ROWS; i++) {
      sample.set(0, prediction, i, 1, 1).set(1, label, i, 1, 1);
      kernel.add(sample, st);
    }
    return kernel.result(st, Reduction.MEAN);
  }

  /** Rows 512 at a time as column slices, as the Spark adapter's RowBatch hands them over. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Double kernelBatched() {
    LossState st = kernel.newState();
    for (int i = 0; i < ROWS; i += 512) {
      sample.set(0, prediction, i, 512, 1).set(1, label, i, 512, 1);
      kernel.addBatch(sample, 512, st);
    }
    return kernel.result(st, Reduction.MEAN);
  }
}
