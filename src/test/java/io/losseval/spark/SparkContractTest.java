package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.fixtures.ContractCases;
import io.losseval.fixtures.CoreRunner;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.Fixtures;
import io.losseval.fixtures.SparkFrames;
import io.losseval.fixtures.SparkFrames.ArrayStorage;
import io.losseval.spark.internal.ScalaSeqs;
import io.losseval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract of every loss through a real local Spark session, over the same PyTorch cases as the
 * core's {@code LossContractTest}: SQL (all three reductions), the per-row {@code _none} function,
 * the Dataset API, and array arguments stored as arrays and as dense and sparse ML Vectors. Every
 * value must match PyTorch within the tolerance and be bit-identical to the core's value for the
 * same rows.
 *
 * <p>All cases of a loss with the same argument kinds run in one grouped query ({@code GROUP BY
 * case_id}, each option set of the cases as its own {@code FILTER}ed call), which also takes the
 * aggregate's grouped path: many states in one task, rows of one case spread over partitions and
 * merged.
 */
@Tag("compat")
class SparkContractTest {
  private static final AtomicInteger VIEW = new AtomicInteger();

  /** The cases of one loss that share argument kinds, and the distinct option sets they use. */
  private record Group(
      String function,
      List<FixtureCase> cases,
      List<Map<String, Object>> options,
      List<Integer> optionIds) {

    static Stream<Group> all() {
      Map<String, List<FixtureCase>> byKinds = new LinkedHashMap<>();
      ContractCases.all()
          .forEach(
              c ->
                  byKinds
                      .computeIfAbsent(c.function() + " " + c.argKinds(), k -> new ArrayList<>())
                      .add(c));
      return byKinds.values().stream().map(Group::of);
    }

    static Group of(List<FixtureCase> cases) {
      List<Map<String, Object>> options = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      List<Integer> ids = new ArrayList<>();
      for (FixtureCase c : cases) {
        String key = SparkFrames.sqlOptions(c.options());
        if (!keys.contains(key)) {
          keys.add(key);
          options.add(c.options());
        }
        ids.add(keys.indexOf(key));
      }
      return new Group(cases.get(0).function(), cases, options, ids);
    }

    String args() {
      List<String> a = new ArrayList<>();
      for (int i = 0; i < cases.get(0).argKinds().size(); i++) {
        a.add("a" + i);
      }
      return String.join(", ", a);
    }

    boolean hasArrayArgument() {
      return SparkFrames.hasArrayArgument(cases.get(0));
    }

    String view(ArrayStorage storage) {
      String name = "contract_" + VIEW.incrementAndGet();
      SparkFrames.frame(SharedSpark.get(), cases, optionIds, storage).createOrReplaceTempView(name);
      return name;
    }

    @Override
    public String toString() {
      return function
          + " "
          + cases.get(0).argKinds()
          + " ("
          + cases.size()
          + " cases, "
          + options.size()
          + " option sets)";
    }
  }

  @TestFactory
  Stream<DynamicNode> sqlAggregates() {
    return Group.all()
        .map(
            g -> {
              List<DynamicNode> storages = new ArrayList<>();
              for (ArrayStorage storage :
                  g.hasArrayArgument()
                      ? ArrayStorage.values()
                      : new ArrayStorage[] {ArrayStorage.ARRAY}) {
                storages.add(
                    DynamicTest.dynamicTest(storage.toString(), () -> checkSql(g, storage)));
              }
              return DynamicContainer.dynamicContainer(g.toString(), storages);
            });
  }

  @TestFactory
  Stream<DynamicTest> sqlPerRowFunction() {
    return Group.all()
        .map(
            g ->
                DynamicTest.dynamicTest(
                    g.toString(),
                    () -> {
                      SparkSession spark = SharedSpark.get();
                      List<String> calls = new ArrayList<>();
                      for (int j = 0; j < g.options().size(); j++) {
                        calls.add(
                            "CASE WHEN opt_id = "
                                + j
                                + " THEN "
                                + g.function()
                                + "_none("
                                + g.args()
                                + SparkFrames.sqlOptions(g.options().get(j))
                                + ") END");
                      }
                      List<Row> rows =
                          spark
                              .sql(
                                  "SELECT case_id, row_id, "
                                      + String.join(", ", calls)
                                      + " FROM "
                                      + g.view(ArrayStorage.ARRAY)
                                      + " ORDER BY case_id, row_id")
                              .collectAsList();
                      int i = 0;
                      for (int k = 0; k < g.cases().size(); k++) {
                        FixtureCase c = g.cases().get(k);
                        int column = 2 + g.optionIds().get(k);
                        for (int r = 0; r < c.rows(); r++, i++) {
                          Row row = rows.get(i);
                          assertEquals(
                              List.of(k, (long) r), List.of(row.getInt(0), row.getLong(1)));
                          Object expected = c.expectedRows().get(r);
                          Object actual =
                              row.isNullAt(column) ? null : perRowValue(row.get(column));
                          if (expected == null || actual == null) {
                            assertEquals(expected, actual, c + " row " + r);
                          } else {
                            Fixtures.assertRowClose(expected, actual, c + " row " + r);
                          }
                        }
                      }
                      assertEquals(i, rows.size());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> datasetApi() {
    return Group.all()
        .map(
            g ->
                DynamicTest.dynamicTest(
                    g.toString(),
                    () -> {
                      Dataset<Row> df =
                          SparkFrames.frame(
                              SharedSpark.get(), g.cases(), g.optionIds(), ArrayStorage.ARRAY);
                      List<Column> aggs = new ArrayList<>();
                      for (int j = 0; j < g.options().size(); j++) {
                        // Tensors NULL outside option set j: those rows are skipped, as FILTER
                        // would skip them.
                        Column[] tensors = new Column[g.cases().get(0).argKinds().size()];
                        for (int a = 0; a < tensors.length; a++) {
                          tensors[a] =
                              functions.when(
                                  functions.col("opt_id").equalTo(j), functions.col("a" + a));
                        }
                        for (Reduction r : Reduction.values()) {
                          aggs.add(LossColumns.loss(g.function(), r, g.options().get(j), tensors));
                        }
                      }
                      List<Row> rows =
                          df.groupBy("case_id")
                              .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
                              .collectAsList();
                      compare(g, rows, "Dataset API");
                    }));
  }

  private static void checkSql(Group g, ArrayStorage storage) {
    List<String> calls = new ArrayList<>();
    for (int j = 0; j < g.options().size(); j++) {
      for (Reduction r : Reduction.values()) {
        calls.add(
            g.function()
                + "("
                + g.args()
                + ", '"
                + r.sqlName()
                + "'"
                + SparkFrames.sqlOptions(g.options().get(j))
                + ") FILTER (WHERE opt_id = "
                + j
                + ")");
      }
    }
    List<Row> rows =
        SharedSpark.get()
            .sql(
                "SELECT case_id, "
                    + String.join(", ", calls)
                    + " FROM "
                    + g.view(storage)
                    + " GROUP BY case_id")
            .collectAsList();
    compare(g, rows, "SQL " + storage);
  }

  /**
   * Each case's reductions, from its option set's columns, close to PyTorch and bit-identical to
   * the core's values. A case without rows has no group: its values are the empty group's NULL.
   */
  private static void compare(Group g, List<Row> rows, String path) {
    Map<Integer, Row> byCase = rows.stream().collect(Collectors.toMap(r -> r.getInt(0), r -> r));
    assertEquals(g.cases().stream().filter(c -> c.rows() > 0).count(), byCase.size(), path);
    for (int k = 0; k < g.cases().size(); k++) {
      FixtureCase c = g.cases().get(k);
      Row row = byCase.get(k);
      CoreRunner core = new CoreRunner(c);
      LossState state = core.state(0, c.rows());
      for (Reduction r : Reduction.values()) {
        int column = 1 + 3 * g.optionIds().get(k) + r.ordinal();
        Double actual = row == null || row.isNullAt(column) ? null : row.getDouble(column);
        String what = c + " " + path + " " + r.sqlName();
        Fixtures.assertClose(c.expected().get(r.sqlName()), actual, what);
        Double coreValue = core.kernel().result(state, r);
        assertEquals(bits(coreValue), bits(actual), what + " differs from the core's bits");
      }
    }
  }

  private static Long bits(Double d) {
    return d == null ? null : Double.doubleToLongBits(d);
  }

  private static Object perRowValue(Object v) {
    if (v instanceof scala.collection.Seq<?> seq) {
      List<?> list = ScalaSeqs.toList(seq);
      double[] d = new double[list.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = (Double) list.get(i);
      }
      return d;
    }
    return v;
  }
}
