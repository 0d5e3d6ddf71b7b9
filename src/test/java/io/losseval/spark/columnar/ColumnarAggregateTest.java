package io.losseval.spark.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The columnar partial aggregate over Parquet: grouping keys of every supported type with NULLs,
 * the batch job's grouping sets, arguments of every number type, computed arguments, early emission
 * of groups, EXPLAIN, data errors, and every condition that keeps a query on Spark's row path. Each
 * result is compared bit for bit with the row path (the rule turned off).
 */
@Tag("compat") // in the compatibility suite run on every Spark line (tools/test-all)
class ColumnarAggregateTest {
  @TempDir static Path dir;

  @BeforeAll
  static void writeData() {
    SparkSession spark = SharedSpark.get();
    String path = dir.resolve("columnar_aggregate").toString();
    spark
        .range(0, 30_000, 1, 3)
        .selectExpr(
            "IF(id % 11 = 0, NULL, CAST(pmod(hash(id, 1), 40) AS INT)) AS i",
            "IF(id % 13 = 0, NULL, pmod(hash(id, 2), 7) * 10000000000L) AS l",
            "IF(id % 17 = 0, NULL, element_at(array('', 'a', 'b', 'BR', 'DE', 'ünï'), "
                + "CAST(pmod(hash(id, 3), 6) AS INT) + 1)) AS s",
            "IF(id % 19 = 0, NULL, date_add(DATE'2024-03-01', CAST(pmod(hash(id, 4), 5) AS INT))) AS d",
            "CAST(pmod(hash(id, 5), 9) AS DECIMAL(10, 2)) AS dec",
            "pmod(hash(id, 6), 2) = 0 AS b",
            "IF(id % 23 = 0, NULL, randn(7) * 3) AS p",
            "rand(8) * 3 AS y",
            "CAST(randn(9) AS FLOAT) AS fl",
            "CAST(pmod(hash(id, 10), 5) AS INT) AS iy",
            "array(randn(11), randn(12)) AS arr",
            "array(rand(13), rand(14)) AS tarr",
            "IF(id % 29 = 0, NULL, array(randn(15) * 2, randn(16) * 2, randn(17) * 2)) AS logits",
            "IF(id % 31 = 0, NULL, CAST(pmod(hash(id, 18), 3) AS INT)) AS label")
        .write()
        .parquet(path);
    spark.read().parquet(path).createOrReplaceTempView("columnar_t");
  }

  private static List<List<Object>> run(String sql, Map<String, String> conf, boolean columnar) {
    Map<String, String> all = new HashMap<>(conf);
    all.putIfAbsent("spark.sql.adaptive.enabled", "false");
    all.put(LossConf.COLUMNAR_ENABLED, Boolean.toString(columnar));
    return ColumnarPlans.with(
        all,
        () -> {
          Dataset<Row> d = SharedSpark.get().sql(sql);
          List<Row> rows = d.collectAsList();
          if (columnar) {
            ColumnarPlans.assertColumnar(d, sql);
          }
          return sorted(ColumnarPlans.bits(rows));
        });
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(Object::toString));
    return out;
  }

  /** The query on both paths: the columnar one ran, and the bits are the row path's. */
  private static void assertSameAsRowPath(String sql, Map<String, String> conf) {
    List<List<Object>> rowPath = run(sql, conf, false);
    assertFalse(rowPath.isEmpty(), sql);
    assertEquals(rowPath, run(sql, conf, true), sql);
  }

  private static void assertSameAsRowPath(String sql) {
    for (String adaptive : new String[] {"false", "true"}) {
      assertSameAsRowPath(sql, Map.of("spark.sql.adaptive.enabled", adaptive));
    }
  }

  /** Grouping keys of int, long, string, date and boolean columns, alone and mixed. */
  @ParameterizedTest
  @ValueSource(strings = {"i", "l", "s", "d", "b", "s, d, i", "l, s"})
  void groupsByKeysOfEveryTypeWithNulls(String keys) {
    assertSameAsRowPath(
        "SELECT "
            + keys
            + ", mse_loss(p, y), cross_entropy(logits, label), "
            + "count(*), count(p) FROM columnar_t GROUP BY "
            + keys);
  }

  @Test
  void theJobsGroupingSetsRunColumnar() {
    String sql =
        "SELECT s, d, count(1) AS rows, mse_loss(p, y) AS mse, "
            + "count(CASE WHEN p IS NOT NULL AND y IS NOT NULL THEN 1 END) AS mse_rows, "
            + "cross_entropy(logits, label, 'mean', named_struct('label_smoothing', 0.05D)) AS ce, "
            + "count(CASE WHEN logits IS NOT NULL AND label IS NOT NULL THEN 1 END) AS ce_rows, "
            + "kl_div(arr, tarr, 'batchmean') AS kl "
            + "FROM columnar_t GROUP BY GROUPING SETS ((), (s), (s, d))";
    assertSameAsRowPath(sql);
    Dataset<Row> d = SharedSpark.get().sql(sql);
    d.collectAsList();
    assertTrue(
        ColumnarPlans.columnar(d).get(0).simpleString(100).contains("grouping sets=3"),
        ColumnarPlans.plan(d));
  }

  @Test
  void orcFilesRunColumnarToo() {
    SparkSession spark = SharedSpark.get();
    String path = dir.resolve("columnar_orc").toString();
    if (!spark.catalog().tableExists("columnar_orc")) {
      spark.table("columnar_t").write().orc(path);
      spark.read().orc(path).createOrReplaceTempView("columnar_orc");
    }
    assertSameAsRowPath(
        "SELECT s, i, mse_loss(p, y), cross_entropy(logits, label), "
            + "kl_div(arr, tarr, 'sum'), count(*) FROM columnar_orc GROUP BY s, i");
  }

  @Test
  void argumentsOfEveryNumberType() {
    assertSameAsRowPath(
        "SELECT s, mse_loss(fl, iy), mse_loss(dec, p), l1_loss(i, l, 'sum'), "
            + "huber_loss(p, fl) FROM columnar_t GROUP BY s");
    assertSameAsRowPath(
        "SELECT mse_loss(fl, iy), mse_loss(dec, p), l1_loss(i, l, 'sum') " + "FROM columnar_t");
  }

  @Test
  void computedArgumentsStayColumnar() {
    assertSameAsRowPath(
        "SELECT s, mse_loss(p * 2, y), mse_loss(CAST(fl AS DOUBLE), y + 1), "
            + "cross_entropy(logits, label + 0) FROM columnar_t GROUP BY s");
    assertSameAsRowPath(
        "SELECT mse_loss(p * 2, y), cross_entropy(logits, label + 0) " + "FROM columnar_t");
  }

  @Test
  void aDistinctCountBesideALossKeepsItsFirstPartialAggregateColumnar() {
    // Spark plans the loss's partial aggregate grouped by the keys and the DISTINCT column first.
    assertSameAsRowPath("SELECT s, mse_loss(p, y), count(DISTINCT i) FROM columnar_t GROUP BY s");
  }

  @Test
  void manyGroupsAreEmittedEarlyAndMergedByTheFinalAggregate() {
    String sql =
        "SELECT i, s, mse_loss(p, y), cross_entropy(logits, label), count(*) "
            + "FROM columnar_t GROUP BY i, s";
    Map<String, String> small = Map.of(LossConf.COLUMNAR_MAX_GROUPS, "16");
    assertSameAsRowPath(sql, small);
    long early =
        ColumnarPlans.with(
            Map.of(LossConf.COLUMNAR_MAX_GROUPS, "16", "spark.sql.adaptive.enabled", "false"),
            () -> {
              Dataset<Row> d = SharedSpark.get().sql(sql);
              d.collectAsList();
              return ColumnarPlans.columnar(d).get(0).longMetric("numEarlyEmits").value();
            });
    assertTrue(early > 0, "no task emitted its groups early");
  }

  /**
   * Thousands of groups per task: the arena of held rows spans several pages, one int, string and
   * long key each take their own way through the group table, and the tasks also emit early.
   */
  @ParameterizedTest
  @ValueSource(strings = {"k", "sk", "lk", "k, sk"})
  void thousandsOfGroupsPerTaskGiveTheRowPathsBits(String keys) {
    String path = dir.resolve("many_groups").toString();
    if (!new java.io.File(path).exists()) {
      SharedSpark.get()
          .range(0, 40_000, 1, 2)
          .selectExpr(
              "IF(id % 101 = 0, NULL, CAST(pmod(hash(id, 21), 3000) AS INT)) AS k",
              "concat('g', CAST(pmod(hash(id, 21), 3000) AS STRING)) AS sk",
              "pmod(hash(id, 22), 2500) * 10000000000L AS lk",
              "IF(id % 37 = 0, NULL, randn(23) * 5) AS p",
              "rand(24) AS y")
          .write()
          .parquet(path);
    }
    String sql =
        "SELECT "
            + keys
            + ", mse_loss(p, y), l1_loss(p, y, 'sum'), count(*) FROM parquet.`"
            + path
            + "` GROUP BY "
            + keys;
    assertSameAsRowPath(sql);
    assertSameAsRowPath(sql, Map.of(LossConf.COLUMNAR_MAX_GROUPS, "1500"));
  }

  @Test
  void explainShowsWhichPathAQueryTakes() {
    for (String adaptive : new String[] {"false", "true"}) {
      String columnar = explain("SELECT s, mse_loss(p, y) FROM columnar_t GROUP BY s", adaptive);
      assertTrue(columnar.contains(ColumnarPartialAggregateExec.NAME), columnar);
      String row =
          explain("SELECT s, mse_loss(p, y) FROM columnar_t WHERE p > 0 GROUP BY s", adaptive);
      assertFalse(row.contains(ColumnarPartialAggregateExec.NAME), row);
      assertTrue(row.contains("partial_mse_loss"), row);
    }
  }

  private static String explain(String sql, String adaptive) {
    return ColumnarPlans.with(
        Map.of("spark.sql.adaptive.enabled", adaptive),
        () -> SharedSpark.get().sql("EXPLAIN " + sql).collectAsList().get(0).getString(0));
  }

  @Test
  void dataErrorsNameTheFunctionAndColumn() {
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                ColumnarPlans.with(
                    ColumnarPlans.settings(true, false),
                    () ->
                        SharedSpark.get()
                            .sql(
                                "SELECT s, cross_entropy(logits, label + 3) FROM columnar_t GROUP BY s")
                            .collectAsList()));
    String message = fullMessage(e);
    assertTrue(
        message.contains("cross_entropy: target value") && message.contains("[column: "), message);
  }

  @Test
  void aNullArrayElementIsReportedAsOnTheRowPath() {
    SparkSession spark = SharedSpark.get();
    String path = dir.resolve("columnar_null_element").toString();
    spark
        .range(0, 2000, 1, 2)
        .selectExpr(
            "CAST(id % 3 AS INT) AS label",
            "IF(id = 1234, array(1D, CAST(NULL AS DOUBLE), 2D), array(1D, 0.5D, 2D)) AS logits")
        .write()
        .parquet(path);
    spark.read().parquet(path).createOrReplaceTempView("columnar_null_element");
    for (boolean columnar : new boolean[] {false, true}) {
      Exception e =
          assertThrows(
              Exception.class,
              () ->
                  ColumnarPlans.with(
                      ColumnarPlans.settings(columnar, false),
                      () ->
                          spark
                              .sql("SELECT cross_entropy(logits, label) FROM columnar_null_element")
                              .collectAsList()));
      assertTrue(fullMessage(e).contains("holds a NULL element at position 1"), fullMessage(e));
    }
  }

  /** The messages of {@code t} and its causes, one a line. */
  static String fullMessage(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append('\n');
    }
    return b.toString();
  }

  static Stream<Arguments> fallbacks() {
    String group = " FROM columnar_t GROUP BY s";
    return Stream.of(
        Arguments.of(
            "the rule turned off",
            "SELECT s, mse_loss(p, y)" + group,
            Map.of(LossConf.COLUMNAR_ENABLED, "false")),
        Arguments.of("FILTER", "SELECT s, mse_loss(p, y) FILTER (WHERE i > 3)" + group, Map.of()),
        Arguments.of(
            "another aggregate function", "SELECT s, mse_loss(p, y), sum(p)" + group, Map.of()),
        Arguments.of(
            "a computed grouping key",
            "SELECT mse_loss(p, y) FROM columnar_t GROUP BY i % 3",
            Map.of()),
        Arguments.of(
            "a decimal grouping key",
            "SELECT dec, mse_loss(p, y) FROM columnar_t GROUP BY dec",
            Map.of()),
        Arguments.of(
            "a filter between scan and aggregate",
            "SELECT s, mse_loss(p, y) FROM columnar_t WHERE p > 0 GROUP BY s",
            Map.of()),
        Arguments.of(
            "a computed column below the aggregate",
            "SELECT s, mse_loss(x, y) FROM (SELECT s, p + rand(1) AS x, y FROM columnar_t) "
                + "GROUP BY s",
            Map.of()),
        Arguments.of(
            "a row-based source",
            "SELECT s, mse_loss(p, y) FROM VALUES ('a', 1D, 2D), ('b', 0.5D, 0.25D) AS v(s, p, y) "
                + "GROUP BY s",
            Map.of()),
        Arguments.of(
            "a JSON source", "SELECT s, mse_loss(p, y) FROM columnar_json GROUP BY s", Map.of()),
        Arguments.of(
            "sort-based aggregation",
            "SELECT s, mse_loss(p, y)" + group,
            Map.of("spark.sql.execution.useObjectHashAggregateExec", "false")),
        Arguments.of(
            "a cache with a string column",
            "SELECT s, mse_loss(p, y) FROM columnar_cached_strings GROUP BY s",
            Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fallbacks")
  void fallbackConditionsKeepTheRowPath(String why, String sql, Map<String, String> conf) {
    SparkSession spark = SharedSpark.get();
    if (sql.contains("columnar_json")) {
      String json = dir.resolve("columnar_json").toString();
      if (!spark.catalog().tableExists("columnar_json")) {
        spark.table("columnar_t").select("s", "p", "y").write().json(json);
        spark
            .read()
            .schema("s STRING, p DOUBLE, y DOUBLE")
            .json(json)
            .createOrReplaceTempView("columnar_json");
      }
    }
    Dataset<Row> cached = null;
    if (sql.contains("columnar_cached_strings")) {
      cached = spark.table("columnar_t").select("s", "p", "y").cache();
      cached.createOrReplaceTempView("columnar_cached_strings");
    }
    try {
      List<List<Object>> off = run(sql, conf, false);
      Map<String, String> on = new HashMap<>(conf);
      on.putIfAbsent(LossConf.COLUMNAR_ENABLED, "true");
      on.put("spark.sql.adaptive.enabled", "false");
      List<List<Object>> rowPath =
          ColumnarPlans.with(
              on,
              () -> {
                Dataset<Row> d = spark.sql(sql);
                List<Row> rows = d.collectAsList();
                ColumnarPlans.assertRowPath(d, why);
                return sorted(ColumnarPlans.bits(rows));
              });
      assertEquals(off, rowPath, why);
    } finally {
      if (cached != null) {
        cached.unpersist();
      }
    }
  }
}
