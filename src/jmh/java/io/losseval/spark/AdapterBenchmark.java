package io.losseval.spark;

import io.losseval.spark.internal.ScalaSeqs;
import io.losseval.spark.row.LossAggregate;
import io.losseval.spark.row.SqlFunctionRegistry;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
 * The adapter's per-row cost without Spark's scan and iterator around it: prebuilt {@code
 * UnsafeRow}s (what ObjectHashAggregateExec hands an aggregate) go through the aggregate's {@code
 * update(buffer, row)}, against a plain loop reading the same rows. Scores are ns per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdapterBenchmark {
  static final int ROWS = 1 << 14;
  static final int CLASSES = 10;

  /** mse: (double, double) rows; ce: (array of 10 doubles, int) rows. */
  @Param({"mse", "ce"})
  public String loss;

  private UnsafeRow[] rows;
  private ImperativeAggregate aggregate;
  private InternalRow buffer;

  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(7);
    boolean mse = loss.equals("mse");
    DataType first =
        mse ? DataTypes.DoubleType : DataTypes.createArrayType(DataTypes.DoubleType, false);
    DataType second = mse ? DataTypes.DoubleType : DataTypes.IntegerType;
    StructType schema = new StructType().add("a", first, true).add("b", second, true);
    UnsafeProjection toUnsafe = UnsafeProjection.create(schema);
    rows = new UnsafeRow[ROWS];
    for (int i = 0; i < ROWS; i++) {
      Object a;
      Object b;
      if (mse) {
        double label = r.nextDouble() * 10;
        a = label + r.nextGaussian() * 0.5;
        b = label;
      } else {
        double[] logits = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
          logits[c] = r.nextGaussian() * 2;
        }
        a = UnsafeArrayData.fromPrimitiveArray(logits);
        b = r.nextInt(CLASSES);
      }
      rows[i] = toUnsafe.apply(new GenericInternalRow(new Object[] {a, b})).copy();
    }
    List<Expression> args =
        List.of(new BoundReference(0, first, true), new BoundReference(1, second, true));
    String name = mse ? "mse_loss" : "cross_entropy";
    var builder =
        SqlFunctionRegistry.functions().stream()
            .filter(f -> f.identifier().funcName().equals(name))
            .findFirst()
            .orElseThrow()
            .builder();
    aggregate = (ImperativeAggregate) builder.apply(ScalaSeqs.toSeq(args));
    buffer = new SpecificInternalRow(new StructType().add("buf", DataTypes.BinaryType));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double plainLoop() {
    double s = 0.0;
    if (loss.equals("mse")) {
      for (UnsafeRow row : rows) {
        if (!row.isNullAt(0) && !row.isNullAt(1)) {
          double d = row.getDouble(0) - row.getDouble(1);
          s += d * d;
        }
      }
      return s;
    }
    for (UnsafeRow row : rows) {
      UnsafeArrayData x = row.getArray(0);
      int y = row.getInt(1);
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < CLASSES; c++) {
        max = Math.max(max, x.getDouble(c));
      }
      double e = 0.0;
      for (int c = 0; c < CLASSES; c++) {
        e += Math.exp(x.getDouble(c) - max);
      }
      s += Math.log(e) + max - x.getDouble(y);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Object aggregate() {
    aggregate.initialize(buffer);
    for (UnsafeRow row : rows) {
      aggregate.update(buffer, row);
    }
    return aggregate.eval(buffer);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Object typedUpdate() {
    LossAggregate a = (LossAggregate) aggregate;
    io.losseval.core.LossState st = a.createAggregationBuffer();
    for (UnsafeRow row : rows) {
      a.update(st, row);
    }
    return a.eval(st);
  }
}
