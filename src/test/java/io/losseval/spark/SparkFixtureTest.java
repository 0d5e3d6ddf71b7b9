package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.fixtures.CoreRunner;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.Fixtures;
import io.losseval.fixtures.SparkFrames;
import io.losseval.fixtures.SparkFrames.ArrayStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fixture case through a real local Spark session: SQL (all three reductions, and the
 * per-row {@code _none} function), the Dataset API, and array arguments stored as dense and as
 * sparse ML Vectors. Each value must match PyTorch within the tolerance and be bit-identical to the
 * core's own result for the same rows.
 */
@Tag("compat") // in the compatibility suite run on every Spark line (tools/test-all)
class SparkFixtureTest {
  private static final AtomicInteger VIEW = new AtomicInteger();

  static Stream<FixtureCase> cases() {
    return io.losseval.core.loss.LossCatalog.all().stream().map(d -> d.name())
        .filter(Fixtures::exists).flatMap(f -> Fixtures.load(f).stream());
  }

  @TestFactory
  Stream<DynamicTest> sqlAggregates() {
    return cases().map(c -> DynamicTest.dynamicTest(c.toString(),
        () -> checkSql(c, ArrayStorage.ARRAY)));
  }

  @TestFactory
  Stream<DynamicTest> sqlAggregatesOverDenseVectors() {
    return cases().filter(SparkFrames::hasArrayArgument).map(c -> DynamicTest.dynamicTest(
        c.toString(), () -> checkSql(c, ArrayStorage.DENSE_VECTOR)));
  }

  @TestFactory
  Stream<DynamicTest> sqlAggregatesOverSparseVectors() {
    return cases().filter(SparkFrames::hasArrayArgument).map(c -> DynamicTest.dynamicTest(
        c.toString(), () -> checkSql(c, ArrayStorage.SPARSE_VECTOR)));
  }

  @TestFactory
  Stream<DynamicTest> sqlPerRowFunction() {
    return cases().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
      SparkSession spark = SharedSpark.get();
      String view = view(spark, c, ArrayStorage.ARRAY);
      List<Row> rows = spark.sql("SELECT " + c.function() + "_none(" + args(c)
          + SparkFrames.sqlOptions(c.options()) + ") FROM " + view + " ORDER BY row_id")
          .collectAsList();
      assertEquals(c.rows(), rows.size());
      for (int r = 0; r < c.rows(); r++) {
        Object expected = c.expectedRows().get(r);
        Object actual = rows.get(r).isNullAt(0) ? null : rows.get(r).get(0);
        if (actual instanceof scala.collection.Seq<?> seq) {
          List<?> list = ScalaSeqs.toList(seq);
          double[] d = new double[list.size()];
          for (int i = 0; i < d.length; i++) {
            d[i] = (Double) list.get(i);
          }
          actual = d;
        }
        if (expected == null || actual == null) {
          assertEquals(expected, actual, c + " row " + r);
        } else {
          Fixtures.assertRowClose(expected, actual, c + " row " + r);
        }
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> datasetApi() {
    return cases().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
      Dataset<Row> df = SparkFrames.frame(SharedSpark.get(), c, ArrayStorage.ARRAY);
      Column[] tensors = new Column[c.argKinds().size()];
      for (int a = 0; a < tensors.length; a++) {
        tensors[a] = functions.col("a" + a);
      }
      List<Column> aggs = new ArrayList<>();
      for (Reduction r : Reduction.values()) {
        aggs.add(LossColumns.loss(c.function(), r, c.options(), tensors));
      }
      Row row = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
      compare(c, row, "Dataset API");
    }));
  }

  private static void checkSql(FixtureCase c, ArrayStorage storage) {
    SparkSession spark = SharedSpark.get();
    String view = view(spark, c, storage);
    StringBuilder q = new StringBuilder("SELECT ");
    for (Reduction r : Reduction.values()) {
      q.append(r.ordinal() == 0 ? "" : ", ").append(c.function()).append('(').append(args(c))
          .append(", '").append(r.sqlName()).append('\'').append(SparkFrames.sqlOptions(c.options()))
          .append(')');
    }
    compare(c, spark.sql(q + " FROM " + view).first(), "SQL " + storage);
  }

  /** Each reduction close to PyTorch and bit-identical to the core's value. */
  private static void compare(FixtureCase c, Row row, String path) {
    CoreRunner core = new CoreRunner(c);
    LossState state = core.state(0, c.rows());
    for (Reduction r : Reduction.values()) {
      Double actual = row.isNullAt(r.ordinal()) ? null : row.getDouble(r.ordinal());
      Fixtures.assertClose(c.expected().get(r.sqlName()), actual, c + " " + path + " " + r.sqlName());
      Double coreValue = core.kernel().result(state, r);
      assertEquals(coreValue == null ? null : Double.doubleToLongBits(coreValue),
          actual == null ? null : Double.doubleToLongBits(actual),
          c + " " + path + " " + r.sqlName() + " differs from the core's bits");
    }
  }

  private static String view(SparkSession spark, FixtureCase c, ArrayStorage storage) {
    String name = "fixture_" + VIEW.incrementAndGet();
    SparkFrames.frame(spark, c, storage).createOrReplaceTempView(name);
    return name;
  }

  private static String args(FixtureCase c) {
    List<String> a = new ArrayList<>();
    for (int i = 0; i < c.argKinds().size(); i++) {
      a.add("a" + i);
    }
    return String.join(", ", a);
  }
}
