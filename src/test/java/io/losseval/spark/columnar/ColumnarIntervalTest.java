package io.losseval.spark.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.spark.LossConf;
import io.losseval.testing.ColumnarPlans;
import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Intervals and comparisons on the columnar partial aggregate: without and with a key (integer and
 * string), grouped and not, from Parquet (one file and eight) and from a cache, with NULL rows and
 * values built to defeat naive summation ({@code 1e16} beside 1 and small values, whose rounded sum
 * depends on the order). Every result must be the row path's bits, whatever the partitioning, the
 * batch size and the groups a task may hold, and a data error must name the function and the column
 * as on the row path.
 */
@Tag("compat") // in the compatibility suite run on every Spark line (tools/test-all)
class ColumnarIntervalTest {
  @TempDir static Path dir;

  /** Intervals and comparisons of every kind the columnar path reads, and one it reads by row. */
  private static final String FUNCTIONS =
      String.join(
          ", ",
          "mse_loss_ci(p, y)",
          "mse_loss_ci(p, y, 'sum', named_struct('key', rid))",
          "mse_loss_ci(p, y, named_struct('key', s, 'buckets', 7))",
          "l1_loss_ci(fl, y, named_struct('key', user))",
          "huber_loss_ci(p, y, 'sum', named_struct('delta', 0.5D))",
          "mse_loss_compare(p, y, fl, y)",
          "mse_loss_compare(p, y, fl, y, 'mean', named_struct('key', user))",
          "mse_loss_ci(arr, tarr)",
          "count(*)");

  @BeforeAll
  static void writeData() {
    SparkSession spark = SharedSpark.get();
    String many = dir.resolve("ci_many").toString();
    spark
        .range(0, 40_000, 1, 8)
        .selectExpr(
            "CAST(pmod(hash(id, 1), 100) AS INT) AS g",
            "CAST(pmod(hash(id, 4), 3) AS INT) AS g3",
            "id AS rid",
            "CAST(pmod(hash(id, 2), 5000) AS INT) AS user",
            "concat('u', CAST(pmod(hash(id, 3), 300) AS STRING)) AS s",
            "IF(id % 23 = 0, NULL, CASE id % 3 WHEN 0 THEN 1e16D WHEN 1 THEN 1D "
                + "ELSE randn(7) END) AS p",
            "rand(8) AS y",
            "IF(id % 29 = 0, NULL, CAST(randn(9) AS FLOAT)) AS fl",
            "IF(id = 777, NULL, CAST(id % 50 AS INT)) AS nk",
            "array(randn(11), randn(12)) AS arr",
            "array(rand(13), rand(14)) AS tarr")
        .write()
        .parquet(many);
    String one = dir.resolve("ci_one").toString();
    spark.read().parquet(many).coalesce(1).write().parquet(one);
    spark.read().parquet(many).createOrReplaceTempView("ci_many");
    spark.read().parquet(one).createOrReplaceTempView("ci_one");
  }

  private static List<List<Object>> run(String sql, boolean columnar, boolean adaptive) {
    return ColumnarPlans.with(
        ColumnarPlans.settings(columnar, adaptive),
        () -> {
          Dataset<Row> d = SharedSpark.get().sql(sql);
          List<Row> rows = d.collectAsList();
          if (columnar) {
            ColumnarPlans.assertColumnar(d, sql);
          } else {
            ColumnarPlans.assertRowPath(d, sql);
          }
          List<List<Object>> out = new ArrayList<>(ColumnarPlans.bits(rows));
          out.sort(Comparator.comparing(Object::toString));
          return out;
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "g"})
  void theRowPathsBitsOnOneFileAndMany(String groupBy) {
    String group = groupBy.isEmpty() ? "" : " GROUP BY " + groupBy;
    String select = "SELECT " + (groupBy.isEmpty() ? "" : groupBy + ", ") + FUNCTIONS;
    List<List<Object>> rowPath = run(select + " FROM ci_many" + group, false, false);
    assertEquals(groupBy.isEmpty() ? 1 : 100, rowPath.size());
    for (boolean adaptive : new boolean[] {false, true}) {
      for (String table : new String[] {"ci_many", "ci_one"}) {
        assertEquals(
            rowPath,
            run(select + " FROM " + table + group, true, adaptive),
            table + group + ", adaptive " + adaptive);
      }
    }
  }

  @Test
  void aCachedTableGivesTheRowPathsBits() {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> cached = spark.table("ci_many").select("g", "rid", "user", "p", "y", "fl").cache();
    try {
      cached.createOrReplaceTempView("ci_cached");
      for (String groupBy : new String[] {"", " GROUP BY g"}) {
        String sql =
            "SELECT count(*), mse_loss_ci(p, y), mse_loss_ci(p, y, named_struct('key', rid)), "
                + "mse_loss_compare(p, y, fl, y, 'sum', named_struct('key', user))"
                + (groupBy.isEmpty() ? "" : ", g")
                + " FROM ci_cached"
                + groupBy;
        assertEquals(run(sql, false, false), run(sql, true, false), sql);
      }
    } finally {
      cached.unpersist();
    }
  }

  /** The row path's rows, and the columnar path's with {@code conf} too, for every table. */
  private static void assertRowPathsBits(String sql, Map<String, String> conf) {
    List<List<Object>> rowPath = run(sql.replace("{t}", "ci_many"), false, false);
    for (String table : new String[] {"ci_many", "ci_one"}) {
      String q = sql.replace("{t}", table);
      assertEquals(rowPath, ColumnarPlans.with(conf, () -> run(q, true, false)), q + conf);
    }
  }

  @Test
  void rowsHeldAcrossBatchesAndGroupsGiveTheRowPathsBits() {
    // Batches of 100 rows: a bucket's buffer (up to 256 rows) fills over many batches, and with 3
    // groups a batch's rows go to 60 buffers; 1,000 rows a batch for 100 groups.
    String select =
        "SELECT {g}, mse_loss_ci(p, y), mse_loss_ci(p, y, 'sum', named_struct('key', rid)), "
            + "mse_loss_compare(p, y, fl, y), mse_loss_compare(p, y, fl, y, 'mean', "
            + "named_struct('key', user)) FROM {t} GROUP BY {g}";
    for (String batch : new String[] {"100", "1000"}) {
      for (String g : new String[] {"g3", "g"}) {
        assertRowPathsBits(
            select.replace("{g}", g), Map.of("spark.sql.parquet.columnarReaderBatchSize", batch));
      }
    }
  }

  @Test
  void groupsEmittedEarlyGiveTheRowPathsBits() {
    String sql =
        "SELECT g, mse_loss_ci(p, y), mse_loss_compare(p, y, fl, y, 'sum', "
            + "named_struct('key', rid)) FROM {t} GROUP BY g";
    Map<String, String> small =
        Map.of(
            LossConf.COLUMNAR_MAX_GROUPS, "7", "spark.sql.parquet.columnarReaderBatchSize", "500");
    assertRowPathsBits(sql, small);
    Map<String, String> settings = new HashMap<>(ColumnarPlans.settings(true, false));
    settings.putAll(small);
    long early =
        ColumnarPlans.with(
            settings,
            () -> {
              Dataset<Row> d = SharedSpark.get().sql(sql.replace("{t}", "ci_one"));
              d.collectAsList();
              return ColumnarPlans.columnar(d).get(0).longMetric("numEarlyEmits").value();
            });
    assertTrue(early > 0, "no task emitted its groups early");
  }

  @Test
  void explainShowsTheColumnarPath() {
    String plan =
        ColumnarPlans.with(
            ColumnarPlans.settings(true, false),
            () ->
                SharedSpark.get()
                    .sql("EXPLAIN SELECT g, mse_loss_ci(p, y) FROM ci_many GROUP BY g")
                    .collectAsList()
                    .get(0)
                    .getString(0));
    assertTrue(plan.contains("LossColumnarPartialAggregate"), plan);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mse_loss_ci(p, y, named_struct('key', nk))|the bucketing key is NULL|nk",
        "binary_cross_entropy_ci(p, y)|binary_cross_entropy: input value|p",
        "binary_cross_entropy_compare(y, y, p, y, 'mean', named_struct('key', rid))"
            + "|binary_cross_entropy: input value|p"
      })
  void dataErrorsNameTheColumnAsOnTheRowPath(String spec) {
    String[] parts = spec.split("\\|");
    String sql = "SELECT g, " + parts[0] + " FROM ci_many GROUP BY g";
    for (boolean columnar : new boolean[] {false, true}) {
      Exception e =
          assertThrows(
              Exception.class,
              () ->
                  ColumnarPlans.with(
                      ColumnarPlans.settings(columnar, false),
                      () -> SharedSpark.get().sql(sql).collectAsList()));
      String message = ColumnarAggregateTest.fullMessage(e);
      assertTrue(
          message.contains(parts[1]) && message.contains("[column: ci_many." + parts[2] + "]"),
          (columnar ? "columnar: " : "row path: ") + message);
    }
  }
}
