package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import io.losseval.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two calls are the same expression only when their options have the same typed values: a FLOAT 0.1
 * margin is 0.10000000149011612, a DOUBLE 0.1 margin is 0.1, and with hinge_embedding_loss on x =
 * 0.1, y = -1 the first gives about 1.49e-9 and the second 0 (as PyTorch does). Spark reuses equal
 * expressions (in one SELECT, across UNION branches, from the cache), so equality built from
 * printed values once answered one call with the other's result.
 */
class OptionIdentityTest {
  private static SparkSession spark;
  private static final double FLOAT_MARGIN = (double) 0.1f;

  @BeforeAll
  static void data() {
    spark = SharedSpark.get();
    spark
        .sql(
            "SELECT * FROM VALUES (0.1D, -1.0D, 'a', array(0.3D, 0.2D), 1), "
                + "(0.1D, -1.0D, 'b', array(0.1D, 2.0D), 0) AS t(x, y, g, logits, label)")
        .createOrReplaceTempView("identity_t");
  }

  /** hinge_embedding_loss 'sum' over identity_t's two rows, from the core. */
  private static double hingeSum(double margin) {
    LossKernel k =
        LossCatalog.get("hinge_embedding_loss")
            .bind(Map.of("margin", margin), List.of(Shape.SCALAR, Shape.SCALAR));
    LossState s = k.newState();
    for (int i = 0; i < 2; i++) {
      k.add(new Sample(2).set(0, new double[] {0.1}).set(1, new double[] {-1.0}), s);
    }
    return k.result(s, Reduction.SUM);
  }

  private static final String FLOAT_CALL =
      "hinge_embedding_loss(x, y, 'sum', named_struct('margin', CAST(0.1 AS FLOAT)))";
  private static final String DOUBLE_CALL =
      "hinge_embedding_loss(x, y, 'sum', named_struct('margin', 0.1D))";

  @Test
  void floatAndDoubleOptionsInOneSelectGiveTheirOwnValues() {
    Row r = spark.sql("SELECT " + FLOAT_CALL + ", " + DOUBLE_CALL + " FROM identity_t").first();
    assertEquals(hingeSum(FLOAT_MARGIN), r.getDouble(0));
    assertEquals(hingeSum(0.1), r.getDouble(1));
    assertNotEquals(r.getDouble(0), r.getDouble(1));
    assertTrue(r.getDouble(0) > 1e-9 && r.getDouble(1) == 0.0, r.toString());
  }

  @Test
  void floatAndDoubleOptionsWithGroupByAndPerRow() {
    List<Row> rows =
        spark
            .sql(
                "SELECT g, "
                    + FLOAT_CALL
                    + ", "
                    + DOUBLE_CALL
                    + ", hinge_embedding_loss_none(x, y, named_struct('margin', CAST(0.1 AS FLOAT)))"
                    + ", hinge_embedding_loss_none(x, y, named_struct('margin', 0.1D))"
                    + " FROM identity_t GROUP BY g, x, y ORDER BY g")
            .collectAsList();
    for (Row r : rows) {
      assertEquals(hingeSum(FLOAT_MARGIN) / 2, r.getDouble(1));
      assertEquals(0.0, r.getDouble(2));
      assertEquals(FLOAT_MARGIN - 0.1, r.getDouble(3));
      assertEquals(0.0, r.getDouble(4));
    }
  }

  @Test
  void floatAndDoubleOptionsInUnionBranches() {
    List<Row> rows =
        spark
            .sql(
                "SELECT 'f' AS k, "
                    + FLOAT_CALL
                    + " AS v FROM identity_t "
                    + "UNION ALL SELECT 'd', "
                    + DOUBLE_CALL
                    + " FROM identity_t ORDER BY k")
            .collectAsList();
    assertEquals(0.0, rows.get(0).getDouble(1)); // 'd'
    assertEquals(hingeSum(FLOAT_MARGIN), rows.get(1).getDouble(1)); // 'f'
  }

  @Test
  void aCachedFloatQueryDoesNotAnswerTheDoubleQuery() {
    spark.sql("CACHE TABLE identity_float AS SELECT " + FLOAT_CALL + " AS v FROM identity_t");
    try {
      assertEquals(hingeSum(FLOAT_MARGIN), spark.table("identity_float").first().getDouble(0));
      assertEquals(
          0.0, spark.sql("SELECT " + DOUBLE_CALL + " AS v FROM identity_t").first().getDouble(0));
    } finally {
      spark.sql("UNCACHE TABLE identity_float");
    }
  }

  @Test
  void floatAndDoubleWeightArraysAreDifferentCalls() {
    Row r =
        spark
            .sql(
                "SELECT "
                    + "cross_entropy(logits, label, 'sum', named_struct('weight', array(CAST(0.1 AS FLOAT), 1.0F))), "
                    + "cross_entropy(logits, label, 'sum', named_struct('weight', array(0.1D, 1.0D))) "
                    + "FROM identity_t")
            .first();
    assertNotEquals(r.getDouble(0), r.getDouble(1));
    LossKernel f =
        LossCatalog.get("cross_entropy")
            .bind(Map.of("weight", new float[] {0.1f, 1.0f}), List.of(Shape.ARRAY, Shape.SCALAR));
    LossState s = f.newState();
    f.add(new Sample(2).set(0, new double[] {0.3, 0.2}).set(1, new double[] {1}), s);
    f.add(new Sample(2).set(0, new double[] {0.1, 2.0}).set(1, new double[] {0}), s);
    assertEquals(f.result(s, Reduction.SUM), r.getDouble(0));
  }

  @Test
  void anOptionGivenTwiceIsAnError() {
    Throwable e =
        assertThrows(
            Throwable.class,
            () ->
                spark.sql(
                    "SELECT hinge_embedding_loss(x, y, "
                        + "'sum', named_struct('margin', 1.0D, 'margin', 2.0D)) FROM identity_t"));
    assertTrue(
        String.valueOf(e.getMessage()).contains("option 'margin' is given twice"), e.getMessage());
  }

  @Test
  void ignoreIndexTakesAnyInt64() {
    // 2^53 + 1 is not a double; PyTorch takes any int64 and so do we.
    Row r =
        spark
            .sql(
                "SELECT cross_entropy(logits, label, 'sum', "
                    + "named_struct('ignore_index', 9007199254740993)), cross_entropy(logits, label, 'sum') "
                    + "FROM identity_t")
            .first();
    assertEquals(r.getDouble(1), r.getDouble(0));
  }
}
