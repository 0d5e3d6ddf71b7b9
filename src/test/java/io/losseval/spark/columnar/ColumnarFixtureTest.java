package io.losseval.spark.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.loss.LossCatalog;
import io.losseval.fixtures.CoreRunner;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.Fixtures;
import io.losseval.fixtures.SparkFrames;
import io.losseval.fixtures.SparkFrames.ArrayStorage;
import io.losseval.testing.ColumnarPlans;
import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PyTorch fixture case of every loss, read from Parquet and aggregated with {@code GROUP BY
 * case_id}: with the columnar rule on, the columnar partial aggregate must have run, with adaptive
 * execution off and on, and give the core's bits for every case and reduction, close to PyTorch's
 * values. Array arguments are read both as Parquet arrays and as sparse ML vectors, in the same
 * query.
 *
 * <p>One Parquet dataset (three files) and one query per loss and argument kinds (or per part of
 * their option sets, for the widest). Each set of options the cases use has argument columns of its
 * own, NULL in the rows of the other sets, and its own calls in the query: a case's rows reach only
 * its own set's calls, and every other set's calls must give the empty group's NULL for it.
 */
class ColumnarFixtureTest {
  /** The columns before the arguments: the case, and a row id (the key of keyed intervals). */
  private static final StructType CASE_ID =
      new StructType()
          .add("case_id", DataTypes.IntegerType, false)
          .add("row_id", DataTypes.LongType, false);

  @TempDir static Path dir;

  /**
   * Cases of one loss sharing argument kinds, written to {@code path}: {@code columns.get(set)
   * .get(storage)} are the argument columns of option set {@code set} stored that way, and {@code
   * caseOptions.get(k)} is the option set of case {@code k} (its {@code case_id}).
   */
  private record FixtureTable(
      String function,
      String path,
      List<String> optionsSql,
      List<ArrayStorage> storages,
      List<List<List<String>>> columns,
      List<FixtureCase> cases,
      List<Integer> caseOptions) {
    @Override
    public String toString() {
      return function
          + " "
          + cases.get(0).argKinds()
          + " "
          + storages
          + " ("
          + cases.size()
          + " cases, "
          + optionsSql.size()
          + " option sets)";
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureCaseGivesTheCoresBits() {
    List<DynamicTest> tests = new ArrayList<>();
    for (var definition : LossCatalog.all()) {
      Map<List<String>, List<FixtureCase>> byKinds = new LinkedHashMap<>();
      Fixtures.load(definition.name())
          .forEach(c -> byKinds.computeIfAbsent(c.argKinds(), k -> new ArrayList<>()).add(c));
      int number = 0;
      for (List<FixtureCase> kinds : byKinds.values()) {
        for (List<FixtureCase> cases : byColumnBudget(kinds)) {
          FixtureTable d = write(definition.name(), number++, cases);
          for (boolean adaptive : new boolean[] {false, true}) {
            tests.add(
                DynamicTest.dynamicTest(
                    d + (adaptive ? ", adaptive" : ""), () -> check(d, adaptive)));
          }
          tests.add(DynamicTest.dynamicTest(d + ", intervals", () -> checkIntervals(d)));
        }
      }
    }
    return tests.stream();
  }

  /**
   * The cases of one kinds, split by option sets into parts whose tables Spark still reads in
   * columnar batches (it stops at {@code spark.sql.codegen.maxFields} nested fields).
   */
  private static List<List<FixtureCase>> byColumnBudget(List<FixtureCase> cases) {
    SQLConf conf = SharedSpark.get().sessionState().conf();
    Map<String, List<FixtureCase>> bySet = new LinkedHashMap<>();
    cases.forEach(
        c ->
            bySet
                .computeIfAbsent(SparkFrames.sqlOptions(c.options()), o -> new ArrayList<>())
                .add(c));
    List<StructField> oneSet = setFields(cases.get(0), 0);
    List<List<FixtureCase>> parts = new ArrayList<>();
    List<FixtureCase> part = new ArrayList<>();
    StructType schema = CASE_ID;
    for (List<FixtureCase> set : bySet.values()) {
      if (!part.isEmpty()
          && WholeStageCodegenExec.isTooManyFields(conf, withFields(schema, oneSet))) {
        parts.add(part);
        part = new ArrayList<>();
        schema = CASE_ID;
      }
      schema = withFields(schema, oneSet);
      part.addAll(set);
    }
    parts.add(part);
    return parts;
  }

  private static StructType withFields(StructType schema, List<StructField> fields) {
    for (StructField f : fields) {
      schema = schema.add(f);
    }
    return schema;
  }

  /**
   * The argument columns of option set {@code set}: {@code o<set>_a<i>} for every argument as an
   * array, then {@code o<set>_v<i>} for every "array" argument as a sparse vector.
   */
  private static List<StructField> setFields(FixtureCase first, int set) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : SparkFrames.argumentFields(first, ArrayStorage.ARRAY)) {
      fields.add(DataTypes.createStructField("o" + set + "_" + f.name(), f.dataType(), true));
    }
    List<StructField> asVectors = SparkFrames.argumentFields(first, ArrayStorage.SPARSE_VECTOR);
    for (int a : vectorArguments(first)) {
      fields.add(
          DataTypes.createStructField("o" + set + "_v" + a, asVectors.get(a).dataType(), true));
    }
    return fields;
  }

  /** The indices of the "array" arguments, the ones a vector can also hold. */
  private static List<Integer> vectorArguments(FixtureCase first) {
    List<Integer> out = new ArrayList<>();
    for (int a = 0; a < first.argKinds().size(); a++) {
      if (first.argKinds().get(a).equals("array")) {
        out.add(a);
      }
    }
    return out;
  }

  /** Writes the cases of one loss and kinds, spread over three files. */
  private static FixtureTable write(String function, int number, List<FixtureCase> cases) {
    FixtureCase first = cases.get(0);
    List<ArrayStorage> storages =
        SparkFrames.hasArrayArgument(first)
            ? List.of(ArrayStorage.ARRAY, ArrayStorage.SPARSE_VECTOR)
            : List.of(ArrayStorage.ARRAY);
    List<String> optionsSql = new ArrayList<>();
    List<Integer> caseOptions = new ArrayList<>();
    for (FixtureCase c : cases) {
      String sql = SparkFrames.sqlOptions(c.options());
      if (!optionsSql.contains(sql)) {
        optionsSql.add(sql);
      }
      caseOptions.add(optionsSql.indexOf(sql));
    }
    // columns[set][storage] = the argument columns; the vector form shares the array form's
    // columns except where the kind is "array".
    List<Integer> vectorArguments = vectorArguments(first);
    int arguments = first.argKinds().size();
    List<StructField> fields = new ArrayList<>(Arrays.asList(CASE_ID.fields()));
    List<List<List<String>>> columns = new ArrayList<>();
    List<Integer> firstColumn = new ArrayList<>();
    for (int set = 0; set < optionsSql.size(); set++) {
      firstColumn.add(fields.size());
      List<StructField> own = setFields(first, set);
      fields.addAll(own);
      List<String> arrays = new ArrayList<>();
      own.subList(0, arguments).forEach(f -> arrays.add(f.name()));
      List<List<String>> bySet = new ArrayList<>(List.of(arrays));
      if (storages.contains(ArrayStorage.SPARSE_VECTOR)) {
        List<String> vectors = new ArrayList<>(arrays);
        for (int i = 0; i < vectorArguments.size(); i++) {
          vectors.set(vectorArguments.get(i), own.get(arguments + i).name());
        }
        bySet.add(vectors);
      }
      columns.add(bySet);
    }

    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < cases.size(); k++) {
      FixtureCase c = cases.get(k);
      int at = firstColumn.get(caseOptions.get(k));
      for (int r = 0; r < c.rows(); r++) {
        Object[] values = new Object[fields.size()];
        values[0] = k;
        values[1] = (long) rows.size();
        Object[] arrays = SparkFrames.argumentValues(c, r, ArrayStorage.ARRAY);
        System.arraycopy(arrays, 0, values, at, arrays.length);
        if (storages.contains(ArrayStorage.SPARSE_VECTOR)) {
          Object[] vectors = SparkFrames.argumentValues(c, r, ArrayStorage.SPARSE_VECTOR);
          for (int i = 0; i < vectorArguments.size(); i++) {
            values[at + arrays.length + i] = vectors[vectorArguments.get(i)];
          }
        }
        rows.add(RowFactory.create(values));
      }
    }
    SparkSession spark = SharedSpark.get();
    String path = dir.resolve(function + "_" + number).toString();
    spark
        .createDataFrame(rows, DataTypes.createStructType(fields))
        .repartition(3)
        .write()
        .parquet(path);
    return new FixtureTable(function, path, optionsSql, storages, columns, cases, caseOptions);
  }

  private static void check(FixtureTable d, boolean adaptive) {
    SparkSession spark = SharedSpark.get();
    StringBuilder q = new StringBuilder("SELECT case_id");
    for (int set = 0; set < d.optionsSql().size(); set++) {
      for (List<String> args : d.columns().get(set)) {
        for (Reduction r : Reduction.values()) {
          q.append(", ")
              .append(d.function())
              .append('(')
              .append(String.join(", ", args))
              .append(", '")
              .append(r.sqlName())
              .append('\'')
              .append(d.optionsSql().get(set))
              .append(')');
        }
      }
    }
    String sql =
        q.append(", count(*) FROM parquet.`")
            .append(d.path())
            .append("` GROUP BY case_id")
            .toString();
    List<Row> rows =
        ColumnarPlans.with(
            ColumnarPlans.settings(true, adaptive),
            () -> {
              Dataset<Row> result = spark.sql(sql);
              List<Row> collected = result.collectAsList();
              ColumnarPlans.assertColumnar(result, d + ", adaptive " + adaptive);
              return collected;
            });
    assertCoreBitsAndPytorch(d, rows, "adaptive " + adaptive);
  }

  /**
   * Every case's {@code <loss>_ci}, mean without a key and sum keyed by the row id, for every
   * option set and storage: the columnar path's bits are the row path's, and the mean's value is
   * the core's loss for the case, close to PyTorch's.
   */
  private static void checkIntervals(FixtureTable d) {
    StringBuilder q = new StringBuilder("SELECT case_id");
    for (int set = 0; set < d.optionsSql().size(); set++) {
      String options = d.optionsSql().get(set);
      String keyed =
          options.isEmpty()
              ? ", named_struct('key', row_id)"
              : options.replace(", named_struct(", ", named_struct('key', row_id, ");
      for (List<String> args : d.columns().get(set)) {
        String call = d.function() + "_ci(" + String.join(", ", args);
        q.append(", ").append(call).append(", 'mean'").append(options).append(')');
        q.append(", ").append(call).append(", 'sum'").append(keyed).append(')');
      }
    }
    String sql =
        q.append(" FROM parquet.`").append(d.path()).append("` GROUP BY case_id").toString();
    Map<Boolean, List<Row>> byPath = new LinkedHashMap<>();
    for (boolean columnar : new boolean[] {false, true}) {
      byPath.put(
          columnar,
          ColumnarPlans.with(
              ColumnarPlans.settings(columnar, false),
              () -> {
                Dataset<Row> result = spark().sql(sql + " ORDER BY case_id");
                List<Row> collected = result.collectAsList();
                if (columnar) {
                  ColumnarPlans.assertColumnar(result, d + ", intervals");
                } else {
                  ColumnarPlans.assertRowPath(result, d + ", intervals");
                }
                return collected;
              }));
    }
    assertEquals(
        ColumnarPlans.bits(byPath.get(false)),
        ColumnarPlans.bits(byPath.get(true)),
        d + ": intervals, columnar vs row path");
    int perSet = 2 * d.storages().size();
    for (Row r : byPath.get(true)) {
      int k = r.getInt(0);
      FixtureCase c = d.cases().get(k);
      CoreRunner core = new CoreRunner(c);
      Double expected = core.kernel().result(core.state(0, c.rows()), Reduction.MEAN);
      for (int s = 0; s < d.storages().size(); s++) {
        Row interval = r.getStruct(1 + d.caseOptions().get(k) * perSet + 2 * s);
        Double value = interval.isNullAt(0) ? null : interval.getDouble(0);
        String what = c + " mean interval (columnar, " + d.storages().get(s) + ")";
        Fixtures.assertClose(c.expected().get("mean"), value, what);
        assertEquals(bits(expected), bits(value), what + ": bits differ from the core's");
      }
    }
  }

  private static SparkSession spark() {
    return SharedSpark.get();
  }

  /**
   * Each case's row: every reduction of every storage of its option set bit-identical to the core's
   * value for the case's rows and close to PyTorch's, the other sets' calls NULL, and the row
   * count. A case without rows has no group.
   */
  private static void assertCoreBitsAndPytorch(FixtureTable d, List<Row> rows, String how) {
    Map<Integer, Row> byCase = new LinkedHashMap<>();
    rows.forEach(
        r -> assertNull(byCase.put(r.getInt(0), r), d + ": case " + r.getInt(0) + " twice"));
    assertEquals(
        d.cases().stream().filter(c -> c.rows() > 0).count(),
        byCase.size(),
        d + ", " + how + ": result groups");
    int reductions = Reduction.values().length;
    int perSet = d.storages().size() * reductions;
    for (int k = 0; k < d.cases().size(); k++) {
      FixtureCase c = d.cases().get(k);
      Row r = byCase.get(k);
      if (r == null) {
        assertEquals(0, c.rows(), c + ": no result group, but the case has rows");
        continue;
      }
      CoreRunner core = new CoreRunner(c);
      LossState state = core.state(0, c.rows());
      int own = d.caseOptions().get(k);
      for (int set = 0; set < d.optionsSql().size(); set++) {
        for (int s = 0; s < d.storages().size(); s++) {
          for (Reduction red : Reduction.values()) {
            int at = 1 + set * perSet + s * reductions + red.ordinal();
            Double actual = r.isNullAt(at) ? null : r.getDouble(at);
            String what =
                c + " " + red.sqlName() + " (columnar, " + d.storages().get(s) + ", " + how + ")";
            if (set != own) {
              assertTrue(
                  actual == null,
                  what
                      + ": options "
                      + d.optionsSql().get(set)
                      + " have none of the case's rows, yet gave "
                      + actual);
              continue;
            }
            Fixtures.assertClose(c.expected().get(red.sqlName()), actual, what);
            assertEquals(
                bits(core.kernel().result(state, red)),
                bits(actual),
                what + ": bits differ from the core's");
          }
        }
      }
      assertEquals(c.rows(), r.getLong(1 + d.optionsSql().size() * perSet), c + ": row count");
    }
  }

  private static Long bits(Double d) {
    return d == null ? null : Double.doubleToLongBits(d);
  }
}
