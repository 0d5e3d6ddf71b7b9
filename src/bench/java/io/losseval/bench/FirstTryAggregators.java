package io.losseval.bench;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;

/**
 * The typed {@code Aggregator}s a user would write on a first try and register with {@code
 * functions.udaf}: a plain {@code double} sum and a count, one JVM object per input row (the
 * encoder's), no attempt at exactness. They are the "UDAF" rows of the benchmark.
 */
final class FirstTryAggregators {
  private FirstTryAggregators() {}

  /** Buffer of both aggregators: a Java bean, as the typed API suggests. */
  public static final class SumCount implements Serializable {
    private double sum;
    private long count;

    public double getSum() {
      return sum;
    }

    public void setSum(double sum) {
      this.sum = sum;
    }

    public long getCount() {
      return count;
    }

    public void setCount(long count) {
      this.count = count;
    }
  }

  abstract static class MeanOf<I> extends Aggregator<I, SumCount, Double> {
    @Override
    public SumCount zero() {
      return new SumCount();
    }

    @Override
    public SumCount merge(SumCount a, SumCount b) {
      a.sum += b.sum;
      a.count += b.count;
      return a;
    }

    @Override
    public Double finish(SumCount b) {
      return b.count == 0 ? null : b.sum / b.count;
    }

    @Override
    public Encoder<SumCount> bufferEncoder() {
      return Encoders.bean(SumCount.class);
    }

    @Override
    public Encoder<Double> outputEncoder() {
      return Encoders.DOUBLE();
    }

    SumCount add(SumCount b, double v) {
      b.sum += v;
      b.count++;
      return b;
    }
  }

  /** Mean squared error over (prediction, label). */
  static final class Mse extends MeanOf<Tuple2<Double, Double>> {
    static final Encoder<Tuple2<Double, Double>> INPUT =
        Encoders.tuple(Encoders.DOUBLE(), Encoders.DOUBLE());

    @Override
    public SumCount reduce(SumCount b, Tuple2<Double, Double> row) {
      double d = row._1() - row._2();
      return add(b, d * d);
    }
  }

  /** Softmax cross-entropy over (logits array, class index). */
  static final class CrossEntropy extends MeanOf<Tuple2<double[], Integer>> {
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Encoder<Tuple2<double[], Integer>> INPUT =
        Encoders.tuple(
            (Encoder<double[]>)
                (Encoder)
                    new AgnosticEncoders.ArrayEncoder(
                        AgnosticEncoders.PrimitiveDoubleEncoder$.MODULE$, false),
            Encoders.INT());

    @Override
    public SumCount reduce(SumCount b, Tuple2<double[], Integer> row) {
      double[] x = row._1();
      double max = Double.NEGATIVE_INFINITY;
      for (double v : x) {
        max = Math.max(max, v);
      }
      double s = 0.0;
      for (double v : x) {
        s += Math.exp(v - max);
      }
      return add(b, Math.log(s) + max - x[row._2()]);
    }
  }
}
