package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.losseval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same rows give the same bits on 1, 5 and 64 partitions, in any row order, grouped or not,
 * including data built to defeat naive summation (1e16, 1, -1e16 in arbitrary order).
 */
@Tag("compat") // in the compatibility suite run on every Spark line (tools/test-all)
class PartitioningTest {
  private static final String QUERY =
      "SELECT g, "
          + "mse_loss(p, y), mse_loss(p, y, 'sum'), mse_loss(p, y, 'batchmean'), "
          + "mse_loss(arr, tarr), kl_div(p, y, 'sum'), hinge_embedding_loss(p, y, 'sum'), "
          + "cross_entropy(logits, label, 'mean', named_struct('weight', array(1.0D, 3.0D, 0.5D))), "
          + "cross_entropy(logits, label, 'sum', named_struct('label_smoothing', 0.2D)) "
          + "FROM %s GROUP BY g ORDER BY g";
  private static final String GLOBAL =
      "SELECT mse_loss(p, y, 'sum'), kl_div(p, y, 'sum'), "
          + "cross_entropy(logits, label, 'sum') FROM %s";
  private static Dataset<Row> data;

  @BeforeAll
  static void buildData() {
    data = rows().cache();
    data.count();
  }

  /**
   * The test's rows (also read by {@link ColumnarPartitioningTest}): built by Spark from a fixed
   * range and seeded generators on a fixed partitioning, so deterministic, and no large local
   * relation shipped with every task.
   */
  static Dataset<Row> rows() {
    return SharedSpark.get()
        .range(0, 20_000, 1, 4)
        .selectExpr(
            "CAST(id % 13 AS INT) AS g",
            "CASE WHEN id % 5 = 0 THEN element_at(array(1e16D, 1.0D, -1e16D, 3e-17D, 1e100D, -1e100D, "
                + "0.1D, 0.2D, 0.3D), CAST(id % 9 AS INT) + 1) "
                + "ELSE randn(1) * pow(10D, CAST(floor(rand(2) * 12) AS INT) - 6) END AS p",
            "rand(3) AS y",
            "IF(id % 7 = 0, 1e8D, 1D) AS scale",
            "randn(4) AS r1",
            "randn(5) AS r2",
            "randn(6) AS r3",
            "CAST(floor(rand(7) * 3) AS INT) AS label")
        .selectExpr(
            "g",
            "p",
            "y",
            "array(r1 * scale, r2, r3 * 1e-8D) AS arr",
            "array(r2, r3 * scale, r1) AS tarr",
            "array(r1 * 1e3D, r2, r3 * 50D) AS logits",
            "label");
  }

  private static List<Row> run(String query, Dataset<Row> df) {
    String view = "partitioning_" + System.nanoTime();
    df.createOrReplaceTempView(view);
    return SharedSpark.get().sql(String.format(query, view)).collectAsList();
  }

  private static List<List<Long>> bits(List<Row> rows) {
    List<List<Long>> out = new ArrayList<>();
    for (Row r : rows) {
      List<Long> b = new ArrayList<>();
      for (int c = 0; c < r.size(); c++) {
        b.add(
            r.isNullAt(c)
                ? null
                : r.get(c) instanceof Double d
                    ? Double.doubleToLongBits(d)
                    : ((Number) r.get(c)).longValue());
      }
      out.add(b);
    }
    return out;
  }

  @Test
  void groupedResultsAreBitIdenticalForAnyPartitioningAndOrder() {
    List<List<Long>> reference = bits(run(QUERY, data.coalesce(1)));
    assertEquals(13, reference.size());
    for (int partitions : new int[] {5, 64}) {
      assertEquals(
          reference, bits(run(QUERY, data.repartition(partitions))), partitions + " partitions");
    }
    Dataset<Row> shuffled = data.orderBy(functions.rand(7)).repartition(64);
    assertEquals(reference, bits(run(QUERY, shuffled)), "shuffled rows on 64 partitions");
  }

  @Test
  void globalResultsAreBitIdenticalForAnyPartitioningAndOrder() {
    List<List<Long>> reference = bits(run(GLOBAL, data.coalesce(1)));
    for (int partitions : new int[] {5, 64}) {
      assertEquals(
          reference, bits(run(GLOBAL, data.repartition(partitions))), partitions + " partitions");
    }
    assertEquals(
        reference,
        bits(run(GLOBAL, data.orderBy(functions.rand(11)).repartition(5))),
        "shuffled rows on 5 partitions");
  }

  @Test
  void naiveSummationWouldDependOnPartitioning() {
    // Control: Spark's own sum over the same rows is not partition-independent on this data, so
    // the test data really does exercise what exactness protects against.
    String naive = "SELECT sum(y * p) FROM %s";
    List<Long> sums = new ArrayList<>();
    for (Dataset<Row> df :
        List.of(
            data.coalesce(1),
            data.repartition(5),
            data.repartition(64),
            data.orderBy(functions.rand(3)).repartition(64))) {
      sums.add(Double.doubleToLongBits(run(naive, df).get(0).getDouble(0)));
    }
    assertNotEquals(1, sums.stream().distinct().count(), "naive sums all agreed: " + sums);
  }
}
