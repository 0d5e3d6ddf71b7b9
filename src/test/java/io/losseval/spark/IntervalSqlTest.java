package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossDefinition;
import io.losseval.core.Reduction;
import io.losseval.core.loss.LossCatalog;
import io.losseval.spark.internal.ScalaSeqs;
import io.losseval.spark.row.SqlFunctionRegistry;
import io.losseval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code L_ci} and {@code L_compare} through Spark: the same bits on 1, 5 and 64 partitions and in
 * any row order, grouped and global; NULL rows skipped; NULL bounds for small groups; the Dataset
 * API equal to SQL; options checked when the query is analysed; registered by all three paths with
 * their DESCRIBE FUNCTION text.
 */
class IntervalSqlTest {
  private static final String GROUPED =
      "SELECT g, "
          + "mse_loss_ci(p, y), mse_loss_ci(p, y, 'sum'), "
          + "mse_loss_ci(arr, tarr, 'batchmean', named_struct('buckets', 7, 'confidence', 0.8D)), "
          + "cross_entropy_ci(logits, label, 'mean', named_struct('weight', array(1.0D, 3.0D, 0.5D))), "
          + "mse_loss_compare(q, y, p, y), "
          + "cross_entropy_compare(logits2, label, logits, label, 'sum', "
          + "named_struct('label_smoothing', 0.1D, 'buckets', 30)) "
          + "FROM %s GROUP BY g ORDER BY g";

  /** Keyed by a bigint row id, a string user, a computed int, in SQL. */
  private static final String KEYED =
      "SELECT g, "
          + "mse_loss_ci(p, y, named_struct('key', id)), "
          + "mse_loss_ci(p, y, 'sum', named_struct('buckets', 7, 'key', user)), "
          + "cross_entropy_ci(logits, label, 'mean', named_struct('key', CAST(id %% 97 AS INT), "
          + "'weight', array(1.0D, 3.0D, 0.5D))), "
          + "mse_loss_compare(q, y, p, y, 'mean', named_struct('key', user)), "
          + "mse_loss(p, y), cross_entropy(logits, label, 'mean', "
          + "named_struct('weight', array(1.0D, 3.0D, 0.5D))) "
          + "FROM %s GROUP BY g ORDER BY g";

  private static final String GLOBAL =
      "SELECT mse_loss_ci(p, y), mse_loss_compare(q, y, p, y, "
          + "'mean', named_struct('buckets', 1000)), cross_entropy_ci(logits, label, 'sum') FROM %s";
  private static SparkSession spark;
  private static Dataset<Row> data;

  @BeforeAll
  static void buildData() {
    spark = SharedSpark.get();
    // 20,000 rows in 13 groups (about 1,500 rows each); values spread over many magnitudes and
    // built to defeat naive summation, as in PartitioningTest.
    data =
        spark
            .range(0, 20_000, 1, 4)
            .selectExpr(
                "CAST(id % 13 AS INT) AS g",
                "CASE WHEN id % 5 = 0 THEN element_at(array(1e16D, 1.0D, -1e16D, 3e-17D, 1e8D, "
                    + "-1e8D, 0.1D, 0.2D, 0.3D), CAST(id % 9 AS INT) + 1) "
                    + "ELSE randn(1) * pow(10D, CAST(floor(rand(2) * 6) AS INT) - 3) END AS p",
                "rand(3) AS y",
                "randn(4) AS r1",
                "randn(5) AS r2",
                "randn(6) AS r3",
                "randn(8) AS noise",
                "CAST(floor(rand(7) * 3) AS INT) AS label",
                "id",
                "concat('user-', CAST(id % 300 AS STRING)) AS user")
            .selectExpr(
                "g",
                "p",
                "y",
                "p + 0.1D * noise AS q",
                "id",
                "user",
                "array(r1, r2, r3 * 1e-8D) AS arr",
                "array(r2, r3, r1) AS tarr",
                "array(r1 * 3D, r2, r3 * 2D) AS logits",
                "array(r1 * 2D, r2, r3 * 2D) AS logits2",
                "label")
            .cache();
    data.count();
  }

  private static List<Row> run(String query, Dataset<Row> df) {
    String view = "interval_sql_" + System.nanoTime();
    df.createOrReplaceTempView(view);
    return spark.sql(String.format(query, view)).collectAsList();
  }

  /** Every value of every row, structs flattened, doubles as bits. */
  private static List<Object> flatten(List<Row> rows) {
    List<Object> out = new ArrayList<>();
    for (Row r : rows) {
      flatten(r, out);
    }
    return out;
  }

  private static void flatten(Row r, List<Object> out) {
    for (int c = 0; c < r.size(); c++) {
      Object v = r.get(c);
      if (v instanceof Row inner) {
        flatten(inner, out);
      } else {
        out.add(v instanceof Double d ? (Object) Double.doubleToLongBits(d) : v);
      }
    }
  }

  @Test
  void sameBitsOnOneFiveAndSixtyFourPartitionsInAnyOrder() {
    for (String query : List.of(GROUPED, GLOBAL, KEYED)) {
      List<Object> reference = flatten(run(query, data.coalesce(1)));
      // Bounds everywhere: no no_bounds reason (the only strings), so no NULL bound.
      assertTrue(
          reference.stream().noneMatch(v -> v instanceof String),
          "every group is large enough for bounds: " + reference);
      assertEquals(reference, flatten(run(query, data.repartition(5))), "5 partitions");
      assertEquals(reference, flatten(run(query, data.repartition(64))), "64 partitions");
      assertEquals(
          reference,
          flatten(run(query, data.orderBy(functions.rand(9)).repartition(64))),
          "shuffled rows on 64 partitions");
    }
  }

  @Test
  void aKeyLeavesTheValueAndMovesOnlyTheBounds() {
    for (Row r : run(KEYED, data)) {
      Row byId = r.getStruct(1);
      Row byUser = r.getStruct(4);
      assertEquals(
          Double.doubleToLongBits(r.getDouble(5)),
          Double.doubleToLongBits(byId.getDouble(0)),
          "value is mse_loss bit for bit");
      assertEquals(
          Double.doubleToLongBits(r.getDouble(6)),
          Double.doubleToLongBits(r.getStruct(3).getDouble(0)),
          "value is cross_entropy bit for bit");
      assertEquals(
          Double.doubleToLongBits(r.getDouble(5)),
          Double.doubleToLongBits(byUser.getDouble(1)),
          "the baseline is mse_loss bit for bit");
      assertTrue(
          byId.getDouble(1) < byId.getDouble(0)
              && byId.getDouble(0) < byId.getDouble(2)
              && byId.isNullAt(5),
          byId.toString());
    }
    // The same data bucketed by value and by row id: other buckets, so other bounds.
    Row both =
        run(
                "SELECT mse_loss_ci(p, y), mse_loss_ci(p, y, named_struct('key', id)) " + "FROM %s",
                data)
            .get(0);
    assertEquals(both.getStruct(0).getDouble(0), both.getStruct(1).getDouble(0));
    assertNotEquals(both.getStruct(0).getDouble(3), both.getStruct(1).getDouble(3));
  }

  @Test
  void anIntAndABigintKeyOfTheSameValuesGiveTheSameBits() {
    Row r =
        run(
                "SELECT mse_loss_ci(p, y, named_struct('key', id)), "
                    + "mse_loss_ci(p, y, named_struct('key', CAST(id AS INT))), "
                    + "mse_loss_ci(p, y, named_struct('key', CAST(id AS STRING))) FROM %s",
                data)
            .get(0);
    assertEquals(flatten(List.of(r.getStruct(0))), flatten(List.of(r.getStruct(1))));
    assertNotEquals(
        flatten(List.of(r.getStruct(0))),
        flatten(List.of(r.getStruct(2))),
        "a string key hashes otherwise");
  }

  @Test
  void aNullKeyFailsNamingItsColumnAndANullRowIsSkippedFirst() {
    data.createOrReplaceTempView("interval_keys");
    String all =
        messages(
            assertThrows(
                Throwable.class,
                () ->
                    spark
                        .sql(
                            "SELECT "
                                + "mse_loss_ci(p, y, named_struct('key', IF(g = 4, NULL, id))) FROM interval_keys")
                        .collect()));
    assertTrue(
        all.contains(
            "mse_loss_ci: the bucketing key is NULL in a row whose tensor "
                + "arguments are not; every row needs a key (filter such rows out, or COALESCE the key) "
                + "[column: (IF((interval_keys.g = 4), CAST(NULL AS BIGINT), interval_keys.id))]"),
        all);
    // A row skipped for a NULL tensor needs no key.
    Row r =
        spark
            .sql(
                "SELECT mse_loss_ci(IF(g = 4, NULL, p), y, named_struct('key', "
                    + "IF(g = 4, NULL, id))), mse_loss(p, y) FILTER (WHERE g <> 4) FROM interval_keys")
            .first();
    assertEquals(r.getDouble(1), r.getStruct(0).getDouble(0));
  }

  @Test
  void aKeyIsAColumnOfAnIntegerOrStringType() {
    data.createOrReplaceTempView("interval_errors");
    assertAnalysisError(
        "SELECT mse_loss_ci(p, y, named_struct('key', 'id')) FROM interval_errors",
        "mse_loss_ci: the key must be an expression of the row",
        "the constant 'id'");
    assertAnalysisError(
        "SELECT mse_loss_ci(p, y, named_struct('key', p)) FROM interval_errors",
        "mse_loss_ci: the key",
        "has type double",
        "allowed: an integer (tinyint, smallint, int, " + "bigint) or a string");
    assertAnalysisError(
        "SELECT mse_loss_compare(q, y, p, y, 'mean', map('key', 1)) " + "FROM interval_errors",
        "mse_loss_compare: give the key in a named_struct");
    assertAnalysisError(
        "SELECT mse_loss(p, y, 'mean', named_struct('key', id)) " + "FROM interval_errors",
        "mse_loss: options must be a constant");
  }

  @Test
  void theDatasetApiTakesAKeyColumnOrName() {
    Dataset<Row> df =
        data.groupBy("g")
            .agg(
                LossColumns.ci(
                    "mse_loss",
                    Reduction.MEAN,
                    Map.of("key", functions.col("id")),
                    functions.col("p"),
                    functions.col("y")),
                LossColumns.compare(
                    "mse_loss",
                    Reduction.MEAN,
                    Map.of("key", "user", "buckets", 7),
                    List.of(functions.col("q"), functions.col("y")),
                    List.of(functions.col("p"), functions.col("y"))))
            .orderBy("g");
    List<Row> sql =
        run(
            "SELECT g, mse_loss_ci(p, y, named_struct('key', id)), "
                + "mse_loss_compare(q, y, p, y, 'mean', named_struct('buckets', 7, 'key', user)) "
                + "FROM %s GROUP BY g ORDER BY g",
            data);
    assertEquals(flatten(sql), flatten(df.collectAsList()));
    String call =
        LossSql.interval("mse_loss", List.of("p", "y"), Reduction.MEAN, Map.of("key", "user"));
    assertEquals("mse_loss_ci(`p`, `y`, 'mean', named_struct('key', `user`))", call);
    assertEquals(
        flatten(List.of(run("SELECT " + call + " FROM %s", data).get(0))),
        flatten(
            List.of(
                run("SELECT mse_loss_ci(p, y, named_struct('key', user)) FROM %s", data).get(0))));
  }

  @Test
  void valueIsTheLossAndBoundsSurroundIt() {
    Row r =
        run("SELECT mse_loss(p, y, 'sum'), mse_loss_ci(p, y, 'sum'), count(*) FROM %s", data)
            .get(0);
    Row ci = r.getStruct(1);
    assertEquals(Double.doubleToLongBits(r.getDouble(0)), Double.doubleToLongBits(ci.getDouble(0)));
    assertTrue(
        ci.getDouble(1) < ci.getDouble(0) && ci.getDouble(0) < ci.getDouble(2), ci.toString());
    assertTrue(ci.getDouble(3) > 0);
    assertEquals(r.getLong(2), ci.getLong(4));
  }

  @Test
  void rowsWithANullArgumentAreSkippedOnBothSides() {
    Dataset<Row> withNulls =
        data.selectExpr("g", "IF(g = 3, NULL, p) AS p", "y", "IF(g = 5, NULL, q) AS q");
    Row r =
        run("SELECT mse_loss_ci(p, y), mse_loss_compare(q, y, p, y), count(*) FROM %s", withNulls)
            .get(0);
    Row clean = run("SELECT mse_loss_ci(p, y) FROM %s WHERE p IS NOT NULL", withNulls).get(0);
    Row bothClean =
        run(
                "SELECT mse_loss_compare(q, y, p, y), mse_loss(p, y) "
                    + "FROM %s WHERE p IS NOT NULL AND q IS NOT NULL",
                withNulls)
            .get(0);
    assertEquals(flatten(List.of(clean.getStruct(0))), flatten(List.of(r.getStruct(0))));
    assertEquals(flatten(List.of(bothClean.getStruct(0))), flatten(List.of(r.getStruct(1))));
    assertEquals(
        Double.doubleToLongBits(bothClean.getDouble(1)),
        Double.doubleToLongBits(r.getStruct(1).getDouble(1)),
        "the baseline skips the rows whose candidate is NULL");
    long total = r.getLong(2);
    assertTrue(r.getStruct(0).getLong(4) < total);
    assertTrue(r.getStruct(1).getLong(6) < r.getStruct(0).getLong(4));
  }

  @Test
  void smallGroupsHaveAValueButNoBounds() {
    List<Row> rows =
        run(
            "SELECT g, mse_loss(p, y), mse_loss_ci(p, y), "
                + "mse_loss_compare(q, y, p, y) FROM %s WHERE g < 3 GROUP BY g ORDER BY g",
            data.limit(30).union(data.where("g = 2")));
    for (Row r : rows) {
      Row ci = r.getStruct(2);
      Row cmp = r.getStruct(3);
      if (r.getInt(0) == 2) { // about 1,500 rows: bounds
        assertFalse(ci.isNullAt(1), ci.toString());
        continue;
      }
      assertEquals(r.getDouble(1), ci.getDouble(0));
      assertTrue(ci.getLong(4) > 0 && ci.getLong(4) < 20);
      assertNull(ci.get(1));
      assertNull(ci.get(2));
      assertNull(ci.get(3));
      assertEquals("empty bucket", ci.getString(5));
      assertFalse(cmp.isNullAt(2));
      assertNull(cmp.get(3));
      assertNull(cmp.get(5));
    }
    Row empty =
        run("SELECT mse_loss_ci(p, y), mse_loss_compare(q, y, p, y) FROM %s WHERE g < 0", data)
            .get(0);
    assertEquals("[null,null,null,null,0,no rows]", empty.getStruct(0).toString());
    assertEquals("[null,null,null,null,null,null,0,no rows]", empty.getStruct(1).toString());
  }

  @Test
  void datasetApiEqualsSql() {
    Dataset<Row> df =
        data.groupBy("g")
            .agg(
                LossColumns.ci("mse_loss", functions.col("p"), functions.col("y")),
                LossColumns.ci(
                    "cross_entropy",
                    Reduction.SUM,
                    Map.of("weight", new double[] {1, 3, 0.5}, "confidence", 0.9, "buckets", 40),
                    functions.col("logits"),
                    functions.col("label")),
                LossColumns.compare(
                    "mse_loss",
                    List.of(functions.col("q"), functions.col("y")),
                    List.of(functions.col("p"), functions.col("y"))),
                LossColumns.compare(
                    "mse_loss",
                    Reduction.BATCHMEAN,
                    Map.of("confidence", 0.5),
                    List.of(functions.col("q"), functions.col("y")),
                    List.of(functions.col("p"), functions.col("y"))))
            .orderBy("g");
    List<Row> sql =
        run(
            "SELECT g, mse_loss_ci(p, y), cross_entropy_ci(logits, label, 'sum', "
                + "named_struct('weight', array(1D, 3D, 0.5D), 'confidence', 0.9D, 'buckets', 40)), "
                + "mse_loss_compare(q, y, p, y), mse_loss_compare(q, y, p, y, 'batchmean', "
                + "named_struct('confidence', 0.5D)) FROM %s GROUP BY g ORDER BY g",
            data);
    assertEquals(flatten(sql), flatten(df.collectAsList()));
    assertEquals(
        List.of("value", "lower", "upper", "stderr", "rows", "no_bounds"),
        List.of(
            ((org.apache.spark.sql.types.StructType) df.schema().fields()[1].dataType())
                .fieldNames()));
  }

  @Test
  void optionsAreCheckedWhenTheQueryIsAnalysed() {
    data.createOrReplaceTempView("interval_errors");
    assertAnalysisError(
        "SELECT mse_loss_ci(p, y, 'mean', named_struct('confidence', 1.5D)) "
            + "FROM interval_errors",
        "mse_loss_ci",
        "'confidence' = 1.5",
        "in (0, 1)");
    assertAnalysisError(
        "SELECT mse_loss_compare(q, y, p, y, 'mean', named_struct('buckets', 1)) "
            + "FROM interval_errors",
        "mse_loss_compare",
        "'buckets' = 1",
        "between 2 and 1000");
    assertAnalysisError(
        "SELECT cross_entropy_ci(logits, label, 'mean', named_struct('bucket', 5)) "
            + "FROM interval_errors",
        "cross_entropy_ci",
        "unknown option 'bucket'",
        "allowed: weight, ignore_index, label_smoothing, confidence, buckets");
    assertAnalysisError(
        "SELECT cross_entropy_ci(logits, label, 'mean', named_struct("
            + "'label_smoothing', 2D)) FROM interval_errors",
        "cross_entropy",
        "'label_smoothing' = 2.0");
    assertAnalysisError(
        "SELECT mse_loss_compare(q, y, p) FROM interval_errors",
        "mse_loss_compare takes 4 tensor arguments",
        "usage: mse_loss_compare(candidate_input, "
            + "candidate_target, baseline_input, baseline_target [, reduction]");
  }

  @Test
  void aBaselineDataErrorNamesItsColumn() {
    data.createOrReplaceTempView("interval_errors");
    Throwable e =
        assertThrows(
            Throwable.class,
            () ->
                spark
                    .sql(
                        "SELECT "
                            + "binary_cross_entropy_compare(0.5D, 1.0D, 0.5D, y + 1.5D) FROM interval_errors")
                    .collect());
    String all = messages(e);
    assertTrue(
        all.contains("binary_cross_entropy")
            && all.contains("[column: (interval_errors.y + 1.5D)]"),
        all);
  }

  private static void assertAnalysisError(String query, String... fragments) {
    String all = messages(assertThrows(Throwable.class, () -> spark.sql(query)));
    for (String f : fragments) {
      assertTrue(all.contains(f), "message lacks '" + f + "':\n" + all);
    }
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void everyLossHasBothFormsOnEveryRegistrationPath() {
    SparkSessionExtensions extensions = new SparkSessionExtensions();
    new LossExtensions().apply(extensions);
    FunctionRegistry registry = extensions.registerFunctions(FunctionRegistry.builtin().clone());
    List<String> names =
        ScalaSeqs.toList(registry.listFunction()).stream().map(f -> f.funcName()).toList();
    for (LossDefinition d : LossCatalog.all()) {
      assertTrue(names.contains(d.name() + "_ci"), d.name() + "_ci");
      assertTrue(names.contains(d.name() + "_compare"), d.name() + "_compare");
    }
    // The shared session registered nothing itself: the service provider did.
    assertTrue(spark.conf().getOption("spark.sql.extensions").isEmpty());
    assertEquals(
        4L,
        spark.sql("SELECT mse_loss_ci(3.0D, 1.0D)").first().getStruct(0).getDouble(0) == 4.0
            ? 4L
            : 0L);
    FunctionRegistry live = SqlFunctionRegistry.functionRegistry(spark);
    try {
      live.dropFunction(
          ScalaSeqs.toList(live.listFunction()).stream()
              .filter(f -> f.funcName().equals("mse_loss_compare"))
              .findFirst()
              .orElseThrow());
      assertThrows(Exception.class, () -> spark.sql("SELECT mse_loss_compare(1D, 1D, 2D, 1D)"));
    } finally {
      LossFunctions.register(spark);
    }
    assertEquals(
        1.0,
        spark.sql("SELECT mse_loss_compare(1D, 1D, 2D, 1D)").first().getStruct(0).getDouble(1));
  }

  @Test
  void describeFunctionSaysWhatTheResultMeans() {
    String ci = spark.sql("DESCRIBE FUNCTION EXTENDED cross_entropy_ci").collectAsList().toString();
    for (String f :
        List.of(
            "struct<value, lower, upper, stderr, rows, no_bounds>",
            "jackknife",
            "key (a column or expression of the row, an integer or a string",
            "confidence (a number, default 0.95, in (0, 1))",
            "buckets (a whole number, default 20, between 2 and 1000)",
            "label_smoothing",
            "torch.nn.CrossEntropyLoss",
            "Examples:")) {
      assertTrue(ci.contains(f), "lacks '" + f + "': " + ci);
    }
    String compare =
        spark.sql("DESCRIBE FUNCTION EXTENDED mse_loss_compare").collectAsList().toString();
    for (String f :
        List.of(
            "candidate_input",
            "baseline_target",
            "difference = candidate - " + "baseline",
            "skipped on both",
            "JOIN baseline_scores b")) {
      assertTrue(compare.contains(f), "lacks '" + f + "': " + compare);
    }
  }

  @Test
  void bucketsAndConfidenceAreRenderedByLossSql() {
    String call =
        LossSql.interval("mse_loss", List.of("p", "y"), Reduction.MEAN, Map.of("buckets", 30L));
    assertEquals("mse_loss_ci(`p`, `y`, 'mean', named_struct('buckets', 30L))", call);
    String compare =
        LossSql.comparison(
            "mse_loss",
            List.of("q", "y"),
            List.of("p", "y"),
            Reduction.SUM,
            Map.of("confidence", 0.9));
    assertEquals(
        "mse_loss_compare(`q`, `y`, `p`, `y`, 'sum', named_struct('confidence', 0.9D))", compare);
    Row r =
        run(
                "SELECT "
                    + LossSql.field(call, "upper")
                    + ", "
                    + call
                    + ", "
                    + LossSql.field(compare, "difference")
                    + ", "
                    + compare
                    + " FROM %s",
                data)
            .get(0);
    assertEquals(r.getStruct(1).getDouble(2), r.getDouble(0));
    assertEquals(r.getStruct(3).getDouble(2), r.getDouble(2));
    assertEquals(LossSql.intervalFields(), List.of(r.getStruct(1).schema().fieldNames()));
    assertEquals(LossSql.comparisonFields(), List.of(r.getStruct(3).schema().fieldNames()));
    assertNotEquals(r.getStruct(1).getDouble(1), r.getStruct(1).getDouble(2));
  }
}
