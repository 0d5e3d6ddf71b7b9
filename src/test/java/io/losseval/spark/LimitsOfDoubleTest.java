package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import io.losseval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Numbers at the limits of double (the largest finite, the smallest subnormal, infinities, NaN) and
 * NULLs, placed first, last, alone in a partition or among ordinary rows: Spark gives the core's
 * bits for the same rows on 1, 5 and 64 partitions, and IEEE's answers where they are known (a NaN
 * anywhere makes the sum NaN, an infinite loss makes it infinite, NULL rows are skipped wherever
 * they are).
 */
class LimitsOfDoubleTest {
  private static final double[] EDGES = {
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.MIN_NORMAL,
    0.0,
    -0.0,
    1e-300,
    1e300,
    1.0
  };

  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("x", DataTypes.DoubleType)
          .add("y", DataTypes.DoubleType);

  private static List<Row> rows(Double first, Double last, boolean nullRows) {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(0, first, 0.5));
    for (int i = 0; i < 200; i++) {
      double x = EDGES[i % EDGES.length] * (i % 3 == 0 ? 1 : 0.5);
      double y = EDGES[(i * 7) % EDGES.length];
      rows.add(RowFactory.create(i + 1, nullRows && i % 50 == 0 ? null : x, y));
    }
    rows.add(RowFactory.create(201, last, -0.5));
    return rows;
  }

  /** The core's 'sum' of l1_loss and mse_loss over the same non-NULL rows. */
  private static double coreSum(String function, List<Row> rows) {
    LossKernel k = LossCatalog.get(function).bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
    LossState s = k.newState();
    for (Row r : rows) {
      if (!r.isNullAt(1) && !r.isNullAt(2)) {
        k.add(
            new Sample(2)
                .set(0, new double[] {r.getDouble(1)})
                .set(1, new double[] {r.getDouble(2)}),
            s);
      }
    }
    return k.result(s, Reduction.SUM);
  }

  private static List<Double> sparkSums(List<Row> rows, int partitions) {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    String view = "limits_" + partitions;
    df.createOrReplaceTempView(view);
    Row r = spark.sql("SELECT l1_loss(x, y, 'sum'), mse_loss(x, y, 'sum') FROM " + view).first();
    return List.of(r.getDouble(0), r.getDouble(1));
  }

  private static void check(List<Row> rows, String what) {
    List<Double> core = List.of(coreSum("l1_loss", rows), coreSum("mse_loss", rows));
    for (int partitions : new int[] {1, 5, 64}) {
      List<Double> spark = sparkSums(rows, partitions);
      for (int k = 0; k < 2; k++) {
        assertEquals(
            Double.doubleToLongBits(core.get(k)),
            Double.doubleToLongBits(spark.get(k)),
            what + " on " + partitions + " partitions: core " + core + ", Spark " + spark);
      }
    }
  }

  @Test
  void finiteExtremesGiveTheCoresBitsOnEveryPartitioning() {
    List<Row> rows = rows(Double.MAX_VALUE, -Double.MAX_VALUE, false);
    check(rows, "finite extremes");
    // MAX - (-MAX) and MAX^2 overflow single terms to +inf, as in PyTorch
    assertEquals(Double.POSITIVE_INFINITY, coreSum("mse_loss", rows));
  }

  @Test
  void aNanFirstOrLastMakesTheSumNan() {
    for (List<Row> rows : List.of(rows(Double.NaN, 1.0, false), rows(1.0, Double.NaN, false))) {
      check(rows, "NaN placed");
      assertTrue(Double.isNaN(coreSum("l1_loss", rows)));
    }
  }

  @Test
  void infiniteInputsGiveInfiniteLossesOnEveryPartitioning() {
    List<Row> plus = rows(Double.POSITIVE_INFINITY, 1.0, false);
    check(plus, "+inf first");
    assertEquals(Double.POSITIVE_INFINITY, coreSum("l1_loss", plus));
    List<Row> both = rows(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, false);
    check(both, "+inf and -inf");
    // |inf - y| is +inf for both, so l1 stays +inf; mse too
    assertEquals(Double.POSITIVE_INFINITY, coreSum("l1_loss", both));
  }

  @Test
  void nullRowsAnywhereAreSkipped() {
    List<Row> rows = rows(null, null, true);
    check(rows, "NULLs first, last and among the rows");
    List<Row> withoutNulls = new ArrayList<>();
    for (Row r : rows) {
      if (!r.isNullAt(1)) {
        withoutNulls.add(r);
      }
    }
    assertEquals(sparkSums(withoutNulls, 3), sparkSums(rows, 3));
  }
}
