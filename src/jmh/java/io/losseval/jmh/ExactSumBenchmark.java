package io.losseval.jmh;

import io.losseval.core.ExactSum;
import java.util.SplittableRandom;
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
 * What exactness costs per added value: {@link ExactSum} against the plain {@code double} loop a
 * hand-written {@code sum()} runs. Scores are nanoseconds per value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExactSumBenchmark {
  static final int N = 1 << 16;

  /**
   * losses: non-negative values of similar size (squared errors); mixed: signed, exponents
   * 2^-40..2^40.
   */
  @Param({"losses", "mixed"})
  public String data;

  private double[] values;
  private final ExactSum sum = new ExactSum();

  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(BenchData.SEED);
    values = new double[N];
    for (int i = 0; i < N; i++) {
      double u = r.nextDouble() * 3.0;
      values[i] =
          data.equals("losses")
              ? u * u
              : Math.scalb(u, r.nextInt(-40, 41)) * (r.nextBoolean() ? 1 : -1);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double plainDouble() {
    double s = 0.0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double exactSum() {
    sum.reset();
    for (double v : values) {
      sum.add(v);
    }
    return sum.value();
  }

  /** The same values handed over in batches of 512, as the Spark adapter does for scalar rows. */
  @Benchmark
  @OperationsPerInvocation(N)
  public double exactSumAddAll() {
    sum.reset();
    for (int k = 0; k < N; k += 512) {
      sum.addAll(values, k, 512);
    }
    return sum.value();
  }
}
