package io.losseval.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossArgumentException;
import io.losseval.core.Reduction;
import io.losseval.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dataset API takes options as Java users write them (lists, primitive arrays of any number
 * type, boxed numbers) and hands them to SQL with their declared types, so a call through {@link
 * LossColumns} is the same expression as the SQL call with the same values.
 */
class LossColumnsTest {
  private static SparkSession spark;
  private static Dataset<Row> scores;

  @BeforeAll
  static void data() {
    spark = SharedSpark.get();
    scores =
        spark.sql(
            "SELECT * FROM VALUES (array(0.3D, 0.2D, 1.5D), 1), "
                + "(array(0.1D, 2.0D, -1.0D), 0), (array(1.0D, 1.0D, 0.0D), 2) AS t(logits, label)");
    scores.createOrReplaceTempView("columns_t");
  }

  private static double sql(String options) {
    return spark
        .sql(
            "SELECT cross_entropy(logits, label, 'sum', named_struct("
                + options
                + ")) FROM columns_t")
        .first()
        .getDouble(0);
  }

  private static double columns(Map<String, ?> options) {
    return scores
        .agg(LossColumns.loss("cross_entropy", Reduction.SUM, options, col("logits"), col("label")))
        .first()
        .getDouble(0);
  }

  @Test
  void listsAndPrimitiveArraysOfAnyNumberTypeAreArrayOptions() {
    double expected = sql("'weight', array(1.0D, 2.0D, 0.5D)");
    assertEquals(expected, columns(Map.of("weight", List.of(1.0, 2.0, 0.5))));
    assertEquals(expected, columns(Map.of("weight", new double[] {1.0, 2.0, 0.5})));
    assertEquals(expected, columns(Map.of("weight", new float[] {1.0f, 2.0f, 0.5f})));
    assertEquals(
        sql("'weight', array(1.0D, 2.0D, 3.0D)"), columns(Map.of("weight", new int[] {1, 2, 3})));
    assertEquals(
        sql("'weight', array(1.0D, 2.0D, 3.0D)"), columns(Map.of("weight", List.of(1, 2L, 3.0f))));
  }

  @Test
  void numbersKeepTheirValueAsDoubles() {
    // A float option is the float's value, as in SQL with CAST(0.1 AS FLOAT).
    assertEquals(
        sql("'label_smoothing', CAST(0.1 AS FLOAT)"), columns(Map.of("label_smoothing", 0.1f)));
    assertEquals(sql("'label_smoothing', 0.1D"), columns(Map.of("label_smoothing", 0.1)));
    assertEquals(sql("'ignore_index', 2"), columns(Map.of("ignore_index", 2)));
  }

  @Test
  void optionsOfTheWrongTypeAreNamedReadably() {
    LossArgumentException e =
        assertThrows(
            LossArgumentException.class, () -> columns(Map.of("weight", new String[] {"a", "b"})));
    assertTrue(
        e.getMessage().contains("option 'weight' must be an array of numbers")
            && e.getMessage().contains("[a, b]"),
        e.getMessage());
    assertFalse(e.getMessage().contains("[Ljava"), e.getMessage());
    e = assertThrows(LossArgumentException.class, () -> columns(Map.of("label_smoothing", 2.0)));
    assertTrue(e.getMessage().contains("'label_smoothing' = 2.0"), e.getMessage());
  }
}
