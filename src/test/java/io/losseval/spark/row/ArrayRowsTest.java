package io.losseval.spark.row;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import io.losseval.spark.LossDataError;
import io.losseval.testing.ColumnarPlans;
import io.losseval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Array rows on the row path (a cached table's arrays are never read as column batches), which
 * {@link LossAggregate} adds through the reader's array batch: groups of different class counts,
 * NULL rows, ignored targets, sorted runs and hashed groups, on 1 and 64 partitions, give exactly
 * the core's results for the same rows added one by one; a row of another width in a group fails
 * with the row-by-row message and the column.
 */
class ArrayRowsTest {
  private static Dataset<Row> data;

  @BeforeAll
  static void cacheRows() {
    data =
        SharedSpark.get()
            .range(0, 30_000, 1, 4)
            .selectExpr(
                "CAST(id % 7 AS INT) AS g",
                "3 + CAST(id % 7 AS INT) % 3 AS c", // every group's rows share a width
                "id")
            .selectExpr(
                "g",
                "IF(id % 11 = 0, NULL, transform(sequence(1, c), k -> randn(1) * k)) AS logits",
                "IF(id % 13 = 0, NULL, IF(id % 17 = 0, -100, CAST(floor(rand(2) * c) AS INT)))"
                    + " AS label",
                "id")
            .cache();
    data.createOrReplaceTempView("array_rows");
    data.count();
  }

  @AfterAll
  static void uncache() {
    data.unpersist();
  }

  private static final String QUERY =
      "SELECT g, cross_entropy(logits, label, 'sum'), cross_entropy(logits, label, 'mean'),"
          + " nll_loss(logits, label, 'sum'),"
          + " cross_entropy(logits, label, 'sum', named_struct('label_smoothing', 0.25D))"
          + " FROM %s GROUP BY g ORDER BY g";

  /** The core's results per group: each row added by {@link LossKernel#add}, one by one. */
  private static Map<Integer, List<Double>> rowByRow(List<Row> rows) {
    List<Shape> shapes = List.of(Shape.ARRAY, Shape.SCALAR);
    LossKernel ce = LossCatalog.get("cross_entropy").bind(Map.of(), shapes);
    LossKernel nll = LossCatalog.get("nll_loss").bind(Map.of(), shapes);
    LossKernel smooth =
        LossCatalog.get("cross_entropy").bind(Map.of("label_smoothing", 0.25), shapes);
    Map<Integer, LossState[]> states = new HashMap<>();
    Sample s = new Sample(2);
    for (Row r : rows) {
      LossState[] st =
          states.computeIfAbsent(
              r.getInt(0), g -> new LossState[] {ce.newState(), nll.newState(), smooth.newState()});
      if (r.isNullAt(1) || r.isNullAt(2)) {
        continue;
      }
      List<Double> logits = r.getList(1);
      s.set(0, logits.stream().mapToDouble(Double::doubleValue).toArray());
      s.set(1, new double[] {r.getInt(2)});
      ce.add(s, st[0]);
      nll.add(s, st[1]);
      smooth.add(s, st[2]);
    }
    Map<Integer, List<Double>> out = new TreeMap<>();
    states.forEach(
        (g, st) ->
            out.put(
                g,
                List.of(
                    ce.result(st[0], Reduction.SUM),
                    ce.result(st[0], Reduction.MEAN),
                    nll.result(st[1], Reduction.SUM),
                    smooth.result(st[2], Reduction.SUM))));
    return out;
  }

  private static Map<Integer, List<Double>> byGroup(List<Row> rows) {
    Map<Integer, List<Double>> out = new TreeMap<>();
    for (Row r : rows) {
      List<Double> v = new ArrayList<>();
      for (int c = 1; c < r.size(); c++) {
        v.add(r.getDouble(c));
      }
      out.put(r.getInt(0), v);
    }
    return out;
  }

  @Test
  void batchedArrayRowsGiveTheCoresRowByRowBits() {
    Map<Integer, List<Double>> expected = rowByRow(data.collectAsList());
    assertEquals(7, expected.size());
    // Sorted by group on one partition: long runs of one state, batched; 64 partitions of
    // shuffled rows: the hash aggregate's states interleave.
    Dataset<Row> sorted = data.repartition(1).sortWithinPartitions("g").cache();
    Dataset<Row> spread = data.repartition(64).cache();
    try {
      for (Dataset<Row> d : List.of(sorted, spread)) {
        d.createOrReplaceTempView("array_rows_view");
        Dataset<Row> result = SharedSpark.get().sql(String.format(QUERY, "array_rows_view"));
        List<Row> rows = result.collectAsList();
        ColumnarPlans.assertRowPath(result, "cached arrays");
        Map<Integer, List<Double>> actual = byGroup(rows);
        for (int g : expected.keySet()) {
          for (int k = 0; k < 4; k++) {
            assertEquals(
                Double.doubleToRawLongBits(expected.get(g).get(k)),
                Double.doubleToRawLongBits(actual.get(g).get(k)),
                "group " + g + " value " + k);
          }
        }
      }
    } finally {
      sorted.unpersist();
      spread.unpersist();
    }
  }

  @Test
  void aRowOfAnotherWidthFailsWithTheRowByRowMessageAndColumn() {
    // Group 0's rows have 3 classes; one of its rows, late in the last partition, has 4.
    LossDataError e =
        assertThrows(
            LossDataError.class,
            () ->
                SharedSpark.get()
                    .sql(
                        "SELECT cross_entropy(IF(id = 29995, concat(logits, array(0D)), logits), label)"
                            + " FROM array_rows WHERE g = 0")
                    .collectAsList());
    // The column as Spark prints it (how a literal's type shows differs between Spark lines).
    String m = e.getMessage();
    assertTrue(
        m.startsWith(
            "cross_entropy: a row has 4 classes but earlier rows of its group have 3; every row"
                + " of a group must have the same number, as in one PyTorch tensor [column: (IF("),
        m);
    assertTrue(m.endsWith(", concat(array_rows.logits, array(0.0D)), array_rows.logits))]"), m);
  }
}
