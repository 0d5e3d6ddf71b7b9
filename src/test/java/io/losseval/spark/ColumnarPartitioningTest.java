package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.testing.ColumnarPlans;
import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PartitioningTest}'s rows (values built to defeat naive summation), with NULLs, through the
 * columnar partial aggregate: read from Parquet written as 1, 5 and 64 files and in shuffled order,
 * and from a cache of its number columns, grouped and not, with adaptive execution off and on.
 * Every result has the bits of the row path over one partition, and the columnar operator ran.
 */
class ColumnarPartitioningTest {
  private static final String GROUPED =
      "SELECT g, "
          + "mse_loss(p, y), mse_loss(p, y, 'sum'), mse_loss(p, y, 'batchmean'), "
          + "mse_loss(arr, tarr), kl_div(p, y, 'sum'), hinge_embedding_loss(p, y, 'sum'), "
          + "cross_entropy(logits, label, 'mean', named_struct('weight', array(1.0D, 3.0D, 0.5D))), "
          + "cross_entropy(logits, label, 'sum', named_struct('label_smoothing', 0.2D)), count(*) "
          + "FROM %s GROUP BY g";
  private static final String GLOBAL =
      "SELECT mse_loss(p, y, 'sum'), kl_div(p, y, 'sum'), "
          + "cross_entropy(logits, label, 'sum'), count(p) FROM %s";
  // Only number columns: a cache of them is read as column batches too.
  private static final String NUMBERS =
      "SELECT g, mse_loss(p, y, 'sum'), l1_loss(y, p), "
          + "kl_div(p, y, 'sum'), hinge_embedding_loss(p, y, 'sum'), count(*) FROM %s GROUP BY g";

  @TempDir static Path dir;
  private static Dataset<Row> data;

  @BeforeAll
  static void buildData() {
    // PartitioningTest's rows, with NULLs in a number and in an array argument
    data =
        PartitioningTest.rows()
            .selectExpr(
                "g",
                "p",
                "IF(hash(p, y) % 97 = 0, NULL, y) AS y",
                "arr",
                "tarr",
                "IF(g = 5, NULL, logits) AS logits",
                "label")
            .cache();
    data.count();
  }

  private static String parquet(String name, Dataset<Row> d) {
    String path = dir.resolve(name).toString();
    d.write().parquet(path);
    return path;
  }

  private static List<List<Object>> run(
      String query, String view, boolean columnar, boolean adaptive) {
    SparkSession spark = SharedSpark.get();
    return ColumnarPlans.with(
        ColumnarPlans.settings(columnar, adaptive),
        () -> {
          Dataset<Row> d = spark.sql(String.format(query, view));
          List<Row> rows = d.collectAsList();
          if (columnar) {
            ColumnarPlans.assertColumnar(d, view + ", adaptive " + adaptive);
          }
          List<List<Object>> bits = ColumnarPlans.bits(rows);
          bits.sort(
              java.util.Comparator.comparing(r -> r.get(0) == null ? "" : r.get(0).toString()));
          return bits;
        });
  }

  private static void assertSameBitsEverywhere(String query, List<String> views) {
    List<List<Object>> reference = run(query, views.get(0), false, false);
    for (String view : views) {
      for (boolean adaptive : new boolean[] {false, true}) {
        assertEquals(
            reference,
            run(query, view, true, adaptive),
            view + ", adaptive " + adaptive + ": columnar bits differ");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> parquetViews() {
    SparkSession spark = SharedSpark.get();
    List<String> views = new java.util.ArrayList<>();
    for (Object[] layout :
        new Object[][] {
          {"one", data.coalesce(1)},
          {"five", data.repartition(5)},
          {"sixty_four", data.repartition(64)},
          {"shuffled", data.orderBy(functions.rand(7)).repartition(64)}
        }) {
      String name = "columnar_partitioning_" + layout[0];
      if (!spark.catalog().tableExists(name)) {
        spark.read().parquet(parquet(name, (Dataset<Row>) layout[1])).createOrReplaceTempView(name);
      }
      views.add(name);
    }
    return views;
  }

  @Test
  void groupedResultsHaveTheSameBitsForAnyFilesAndOrder() {
    assertSameBitsEverywhere(GROUPED, parquetViews());
  }

  @Test
  void globalResultsHaveTheSameBitsForAnyFilesAndOrder() {
    assertSameBitsEverywhere(GLOBAL, parquetViews());
  }

  @Test
  void cachedNumberColumnsHaveTheSameBits() {
    List<String> views = new java.util.ArrayList<>();
    List<Dataset<Row>> caches = new java.util.ArrayList<>();
    Dataset<Row> numbers = data.select("g", "p", "y");
    for (int partitions : new int[] {1, 5, 64}) {
      String name = "columnar_cached_" + partitions;
      Dataset<Row> cached = numbers.repartition(partitions).cache();
      cached.count();
      cached.createOrReplaceTempView(name);
      views.add(name);
      caches.add(cached);
    }
    try {
      assertSameBitsEverywhere(NUMBERS, views);
    } finally {
      caches.forEach(Dataset::unpersist);
      views.forEach(v -> SharedSpark.get().catalog().dropTempView(v));
    }
  }
}
