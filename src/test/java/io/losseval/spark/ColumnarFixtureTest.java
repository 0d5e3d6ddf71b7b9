package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.Reduction;
import io.losseval.core.loss.LossCatalog;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.Fixtures;
import io.losseval.fixtures.SparkFrames;
import io.losseval.fixtures.SparkFrames.ArrayStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PyTorch fixture case of every loss, written to Parquet (one dataset per loss and argument
 * kinds, a {@code case_id} column, a directory partition per set of options) and aggregated with
 * {@code GROUP BY case_id}: with the columnar rule on, the columnar partial aggregate must have
 * run and give the row path's bits for every case and reduction, with adaptive execution on or
 * off (alternating from query to query); and every value must match PyTorch. Array arguments are read as Parquet arrays and as
 * sparse ML vectors.
 */
class ColumnarFixtureTest {
  @TempDir
  static Path dir;

  /** One query: the cases of one loss sharing argument kinds, storage and options. */
  private record Group(String function, String path, int options, String optionsSql,
      int arguments, Map<Integer, FixtureCase> cases) {
    @Override
    public String toString() {
      FixtureCase first = cases.values().iterator().next();
      return function + " " + first.argKinds() + " " + path.substring(path.lastIndexOf('/') + 1)
          + " options" + optionsSql + " (" + cases.size() + " cases)";
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureCaseGivesTheRowPathsBits() {
    List<DynamicTest> tests = new ArrayList<>();
    for (var definition : LossCatalog.all()) {
      if (!Fixtures.exists(definition.name())) {
        continue;
      }
      List<FixtureCase> all = Fixtures.load(definition.name());
      Map<List<String>, List<Integer>> byKinds = new LinkedHashMap<>();
      for (int i = 0; i < all.size(); i++) {
        byKinds.computeIfAbsent(all.get(i).argKinds(), k -> new ArrayList<>()).add(i);
      }
      for (List<Integer> ids : byKinds.values()) {
        FixtureCase first = all.get(ids.get(0));
        List<ArrayStorage> storages = SparkFrames.hasArrayArgument(first)
            ? List.of(ArrayStorage.ARRAY, ArrayStorage.SPARSE_VECTOR) : List.of(ArrayStorage.ARRAY);
        for (ArrayStorage storage : storages) {
          for (Group g : write(definition.name(), all, ids, storage)) {
            tests.add(DynamicTest.dynamicTest(g.toString(), () -> check(g)));
          }
        }
      }
    }
    return tests.stream();
  }

  /** Writes the cases {@code ids} of one loss and kinds; one group per set of options. */
  private static List<Group> write(String function, List<FixtureCase> all, List<Integer> ids,
      ArrayStorage storage) {
    SparkSession spark = SharedSpark.get();
    Map<String, Integer> optionIds = new LinkedHashMap<>();
    Map<Integer, Map<Integer, FixtureCase>> cases = new LinkedHashMap<>();
    Dataset<Row> frame = null;
    for (int id : ids) {
      FixtureCase c = all.get(id);
      String sql = SparkFrames.sqlOptions(c.options());
      int options = optionIds.computeIfAbsent(sql, k -> optionIds.size());
      cases.computeIfAbsent(options, k -> new LinkedHashMap<>()).put(id, c);
      Dataset<Row> rows = SparkFrames.frame(spark, c, storage)
          .withColumn("case_id", functions.lit(id))
          .withColumn("options", functions.lit(options));
      frame = frame == null ? rows : frame.unionByName(rows);
    }
    String path = dir.resolve(function + "_" + all.get(ids.get(0)).argKinds().size() + "_"
        + ids.get(0) + "_" + storage).toString();
    frame.repartition(3).write().partitionBy("options").parquet(path);
    List<Group> groups = new ArrayList<>();
    optionIds.forEach((sql, options) -> groups.add(new Group(function, path, options, sql,
        all.get(ids.get(0)).argKinds().size(), cases.get(options))));
    return groups;
  }

  private static void check(Group g) {
    SparkSession spark = SharedSpark.get();
    String view = "columnar_fixture_" + Math.abs(g.path.hashCode()) + "_" + g.options;
    // A filter on the partition column prunes directories and leaves no filter on the rows.
    spark.read().parquet(g.path).where("options = " + g.options).createOrReplaceTempView(view);
    List<String> args = new ArrayList<>();
    for (int a = 0; a < g.arguments; a++) {
      args.add("a" + a);
    }
    StringBuilder q = new StringBuilder("SELECT case_id");
    for (Reduction r : Reduction.values()) {
      q.append(", ").append(g.function).append('(').append(String.join(", ", args))
          .append(", '").append(r.sqlName()).append('\'').append(g.optionsSql).append(')');
    }
    String sql = q.append(", count(*) FROM ").append(view).append(" GROUP BY case_id").toString();
    // The row path once; the columnar path with adaptive execution off or on, alternately from
    // group to group (the plan's shape does not depend on the data, and every loss, kind and
    // storage meets both over its groups and in ColumnarAggregateTest).
    List<List<Object>> rowPath = ColumnarPlans.with(ColumnarPlans.settings(false, false),
        () -> sorted(ColumnarPlans.bits(spark.sql(sql).collectAsList())));
    for (boolean adaptive : new boolean[] {false, true}) {
      if (adaptive != (Math.floorMod(g.toString().hashCode(), 2) == 1)) {
        continue;
      }
      List<Row> columnar = ColumnarPlans.with(ColumnarPlans.settings(true, adaptive), () -> {
        Dataset<Row> d = spark.sql(sql);
        List<Row> rows = d.collectAsList();
        ColumnarPlans.assertColumnar(d, g + ", adaptive " + adaptive);
        return rows;
      });
      assertEquals(rowPath, sorted(ColumnarPlans.bits(columnar)), g + ", adaptive " + adaptive
          + ": columnar bits differ from the row path's");
      assertAgreesWithPytorch(g, columnar);
    }
  }

  /** Rows in {@code case_id} order (the first column). */
  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort(java.util.Comparator.comparing(r -> (Integer) r.get(0)));
    return out;
  }

  private static void assertAgreesWithPytorch(Group g, List<Row> rows) {
    Map<Integer, Row> byCase = new LinkedHashMap<>();
    rows.forEach(r -> byCase.put(r.getInt(0), r));
    g.cases.forEach((id, c) -> {
      Row r = byCase.get(id);
      if (r == null) {
        assertEquals(0, c.rows(), c + ": no result group, but the case has rows");
        return;
      }
      for (Reduction red : Reduction.values()) {
        int at = 1 + red.ordinal();
        Fixtures.assertClose(c.expected().get(red.sqlName()),
            r.isNullAt(at) ? null : r.getDouble(at), c + " " + red.sqlName() + " (columnar)");
      }
      assertTrue(r.getLong(1 + Reduction.values().length) == c.rows(), c + ": row count");
    });
  }
}
