package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.core.Reduction;
import io.losseval.fixtures.ContractCases;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.SparkFrames;
import io.losseval.fixtures.SparkFrames.ArrayStorage;
import io.losseval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every PyTorch fixture case, through Spark SQL: {@code L_ci(...).value} and {@code
 * L_compare(...)}'s candidate and baseline (the same model on both sides) have exactly the bits of
 * {@code L(...)}, for every reduction, and {@code rows} counts the rows without NULLs. The cases of
 * a loss with the same argument kinds run in one grouped query, each option set as its own FILTERed
 * calls.
 */
class IntervalContractTest {

  @TestFactory
  Stream<DynamicTest> valueHasTheLossBitsThroughSql() {
    Map<String, List<FixtureCase>> byKinds = new LinkedHashMap<>();
    ContractCases.all()
        .forEach(
            c ->
                byKinds
                    .computeIfAbsent(c.function() + " " + c.argKinds(), k -> new ArrayList<>())
                    .add(c));
    return byKinds.entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getValue())));
  }

  private static void check(List<FixtureCase> cases) {
    String function = cases.get(0).function();
    List<String> optionSets = new ArrayList<>();
    List<Integer> optionIds = new ArrayList<>();
    for (FixtureCase c : cases) {
      String sql = SparkFrames.sqlOptions(c.options());
      if (!optionSets.contains(sql)) {
        optionSets.add(sql);
      }
      optionIds.add(optionSets.indexOf(sql));
    }
    List<String> args = new ArrayList<>();
    for (int a = 0; a < cases.get(0).argKinds().size(); a++) {
      args.add("a" + a);
    }
    String tensors = String.join(", ", args);
    List<String> select = new ArrayList<>();
    for (int j = 0; j < optionSets.size(); j++) {
      for (Reduction r : Reduction.values()) {
        String tail =
            ", '" + r.sqlName() + "'" + optionSets.get(j) + ") FILTER (WHERE opt_id = " + j + ")";
        select.add(function + "(" + tensors + tail);
        select.add(function + "_ci(" + tensors + tail);
        select.add(function + "_compare(" + tensors + ", " + tensors + tail);
        select.add(
            "count(IF("
                + args.stream()
                    .map(a -> a + " IS NOT NULL")
                    .reduce((x, y) -> x + " AND " + y)
                    .orElseThrow()
                + ", 1, NULL)) FILTER (WHERE opt_id = "
                + j
                + ")");
      }
    }
    String view = "interval_contract_" + Math.abs(function.hashCode()) + "_" + System.nanoTime();
    SparkFrames.frame(SharedSpark.get(), cases, optionIds, ArrayStorage.ARRAY)
        .createOrReplaceTempView(view);
    List<Row> rows =
        SharedSpark.get()
            .sql(
                "SELECT case_id, "
                    + String.join(", ", select)
                    + " FROM "
                    + view
                    + " GROUP BY case_id")
            .collectAsList();
    for (Row row : rows) {
      FixtureCase c = cases.get(row.getInt(0));
      int j = optionIds.get(row.getInt(0));
      for (Reduction r : Reduction.values()) {
        int column = 1 + 4 * (Reduction.values().length * j + r.ordinal());
        String what = c + " " + r.sqlName();
        Long expected = bits(row, column);
        Row ci = row.getStruct(column + 1);
        Row compare = row.getStruct(column + 2);
        long nonNull = row.getLong(column + 3);
        assertEquals(expected, bits(ci, 0), what + ": _ci value");
        assertEquals(nonNull, ci.getLong(4), what + ": _ci rows");
        assertEquals(expected, bits(compare, 0), what + ": _compare candidate");
        assertEquals(expected, bits(compare, 1), what + ": _compare baseline");
        assertEquals(nonNull, compare.getLong(6), what + ": _compare rows");
      }
    }
  }

  private static Long bits(Row row, int column) {
    return row.isNullAt(column) ? null : Double.doubleToLongBits(row.getDouble(column));
  }
}
