package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.losseval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arguments that are expressions rather than columns (computed per row by a generated projection)
 * give the same bits as the same values read from columns, NULLs included.
 */
class ComputedArgumentsTest {
  private static SparkSession spark;

  @BeforeAll
  static void data() {
    spark = SharedSpark.get();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double p = Math.sin(i) * 3;
      double y = Math.cos(i * 0.7);
      List<Double> logits = List.of(Math.sin(i), Math.cos(i), Math.sin(2.0 * i), 0.25 * i % 3);
      rows.add(RowFactory.create(p, y, (long) (i % 4), i % 97 == 0 ? null : p * 2, logits));
    }
    StructType schema =
        new StructType()
            .add("p", DataTypes.DoubleType)
            .add("y", DataTypes.DoubleType)
            .add("c", DataTypes.LongType)
            .add("p2", DataTypes.DoubleType, true)
            .add("logits", DataTypes.createArrayType(DataTypes.DoubleType, false));
    spark.createDataFrame(rows, schema).createOrReplaceTempView("computed_args");
  }

  private static Row one(String sql) {
    return spark.sql(sql).collectAsList().get(0);
  }

  @Test
  void expressionsMatchColumns() {
    Row r =
        one(
            "SELECT mse_loss(p2 / 2, y), mse_loss(p, y), "
                + "mse_loss(CAST(p AS FLOAT) * 1.0D, y + 0.0D), mse_loss(CAST(p AS FLOAT), y), "
                + "cross_entropy(transform(logits, v -> v * 1.0D), CAST(c AS INT) + 0), "
                + "cross_entropy(logits, c) "
                + "FROM computed_args WHERE p2 IS NOT NULL");
    assertEquals(r.getDouble(1), r.getDouble(0));
    assertEquals(r.getDouble(3), r.getDouble(2));
    assertEquals(r.getDouble(5), r.getDouble(4));
  }

  @Test
  void aNullFromAnExpressionSkipsTheRow() {
    Row r =
        one(
            "SELECT mse_loss(p2 / 2, y, 'sum'), "
                + "mse_loss(p, y, 'sum') FILTER (WHERE p2 IS NOT NULL), "
                + "mse_loss(p, CAST(NULL AS DOUBLE)) FROM computed_args");
    assertEquals(r.getDouble(1), r.getDouble(0));
    assertNull(r.get(2));
  }

  @Test
  void perRowFunctionsTakeExpressionsAndConstants() {
    Row r =
        one(
            "SELECT mse_loss_none(3.0D, 1.0D), mse_loss_none(p * 1.0D, y) = mse_loss_none(p, y) "
                + "FROM computed_args LIMIT 1");
    assertEquals(4.0, r.getDouble(0));
    assertEquals(true, r.getBoolean(1));
  }
}
