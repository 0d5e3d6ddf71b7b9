package io.losseval.spark.row;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.fixtures.ContractCases;
import io.losseval.fixtures.CoreRunner;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.Fixtures;
import io.losseval.fixtures.SparkFrames;
import io.losseval.fixtures.SparkFrames.ArrayStorage;
import io.losseval.spark.LossDataError;
import io.losseval.spark.internal.ScalaSeqs;
import io.losseval.testing.SessionSettings;
import io.losseval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The per-row forms ({@code <loss>_none}) in Spark's generated code and interpreted: every PyTorch
 * fixture case of every loss gives the same bits with whole-stage code generation (generated code
 * only, no silent fallback to interpretation) as with no code generation at all, the same bits as
 * the core's kernel, and PyTorch's values; calls over numbers run as our call inside the generated
 * stage, every other call as before; every number type, NULLs and data errors behave alike.
 */
@Tag("compat")
class LossRowExpressionTest {
  /** Generated code only: whole-stage code generation, and a failure to compile fails the query. */
  private static final Map<String, String> GENERATED =
      Map.of(
          "spark.sql.codegen.wholeStage", "true",
          "spark.sql.codegen.factoryMode", "CODEGEN_ONLY",
          "spark.sql.codegen.fallback", "false");

  /** No code generation: every expression's {@code eval}. */
  private static final Map<String, String> INTERPRETED =
      Map.of(
          "spark.sql.codegen.wholeStage", "false",
          "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  /** What the generated stage holds when a per-row form runs in generated code. */
  private static final String OUR_CALL = NumberRowLoss.class.getName();

  private static final AtomicInteger VIEW = new AtomicInteger();

  /** A query's rows, and the generated code of its whole-stage code generation. */
  private record Run(List<Row> rows, String codegen) {}

  @BeforeAll
  static void numbers() {
    // Values that every type holds exactly (a float, a byte, a decimal(6,3)), so that every type
    // must give the bits of the double columns; row 2 has NULLs; rows go through a shuffle so that
    // the projection runs in tasks, not folded into a local relation on the driver.
    spark()
        .sql(
            "SELECT CAST(d AS DOUBLE) AS d, CAST(t AS DOUBLE) AS t, CAST(y AS DOUBLE) AS y,"
                + " CAST(d AS FLOAT) AS f, CAST(t AS INT) AS i, CAST(t AS BIGINT) AS l,"
                + " CAST(t AS SMALLINT) AS s, CAST(t AS TINYINT) AS b,"
                + " CAST(d AS DECIMAL(6, 3)) AS m, id FROM VALUES"
                + " (0.25, 1, 1, 0), (-1.5, 0, -1, 1), (NULL, 2, 1, 2), (3.0, NULL, NULL, 3),"
                + " (0.75, 1, -1, 4), (0.125, 0, 1, 5) AS v(d, t, y, id)")
        .repartition(3)
        .createOrReplaceTempView("none_numbers");
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureCaseGivesTheSameBitsGeneratedAndInterpreted() {
    return ContractCases.byKinds().entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> checkCases(e.getValue())));
  }

  /**
   * One query over the cases of one loss and argument kinds, each option set as its own call (NULL
   * outside the set's rows), run generated and interpreted.
   */
  private static void checkCases(List<FixtureCase> cases) throws Exception {
    FixtureCase first = cases.get(0);
    SparkFrames.OptionSets sets = SparkFrames.OptionSets.of(cases);
    List<String> optionSets = sets.sql();
    List<Integer> optionIds = sets.ids();
    String view = "none_cases_" + VIEW.incrementAndGet();
    SparkFrames.frame(spark(), cases, optionIds, ArrayStorage.ARRAY)
        .repartition(3)
        .createOrReplaceTempView(view);
    List<String> args = new ArrayList<>();
    for (int a = 0; a < first.argKinds().size(); a++) {
      args.add("a" + a);
    }
    StringBuilder q = new StringBuilder("SELECT case_id, row_id");
    for (int j = 0; j < optionSets.size(); j++) {
      q.append(", CASE WHEN opt_id = ")
          .append(j)
          .append(" THEN ")
          .append(first.function())
          .append("_none(")
          .append(String.join(", ", args))
          .append(optionSets.get(j))
          .append(") END");
    }
    String sql = q.append(" FROM ").append(view).append(" ORDER BY case_id, row_id").toString();
    Run generated = run(GENERATED, sql);
    Run interpreted = run(INTERPRETED, sql);

    boolean numbers =
        first.argKinds().stream().allMatch(k -> k.equals("scalar") || k.equals("label"));
    boolean oneValue = !new CoreRunner(first).kernel().perSampleIsArray();
    String what = first.function() + " " + first.argKinds();
    if (numbers && oneValue) {
      assertTrue(
          generated.codegen().contains(OUR_CALL + ") references[")
              && generated.codegen().contains(".value("),
          what + ": the per-row form is not in the generated stage:\n" + generated.codegen());
    } else {
      assertFalse(
          generated.codegen().contains(OUR_CALL),
          what + ": arrays should keep the interpreted path:\n" + generated.codegen());
    }
    assertFalse(interpreted.codegen().contains(OUR_CALL), what + ": generated code when off");

    int i = 0;
    for (int k = 0; k < cases.size(); k++) {
      FixtureCase c = cases.get(k);
      CoreRunner core = new CoreRunner(c);
      int column = 2 + optionIds.get(k);
      for (int r = 0; r < c.rows(); r++, i++) {
        Row g = generated.rows().get(i);
        Row n = interpreted.rows().get(i);
        assertEquals(List.of(k, (long) r), List.of(g.getInt(0), g.getLong(1)), what);
        assertEquals(List.of(k, (long) r), List.of(n.getInt(0), n.getLong(1)), what);
        String row = c + " row " + r;
        List<Long> bits = bits(g, column);
        assertEquals(bits(n, column), bits, row + ": generated vs interpreted");
        assertEquals(bits(core.perRow(r)), bits, row + ": generated vs the core's kernel");
        Object expected = c.expectedRows().get(r);
        Object actual = value(g, column);
        if (expected == null || actual == null) {
          assertEquals(expected, actual, row);
        } else {
          Fixtures.assertRowClose(expected, actual, row + " (generated)");
        }
      }
    }
    assertEquals(i, generated.rows().size());
    assertEquals(i, interpreted.rows().size());
  }

  @Test
  void everyNumberTypeGivesTheDoubleColumnsBits() throws Exception {
    // (loss, the call over doubles, the same call over other types); options included.
    String[][] calls = {
      {"mse_loss_none(d, t)", "mse_loss_none(f, i)"},
      {"l1_loss_none(d, t)", "l1_loss_none(m, l)"},
      {
        "huber_loss_none(d, t, named_struct('delta', 0.5D))",
        "huber_loss_none(f, s, named_struct('delta', 0.5D))"
      },
      {
        "smooth_l1_loss_none(d, t, named_struct('beta', 2.0D))",
        "smooth_l1_loss_none(m, b, named_struct('beta', 2.0D))"
      },
      {"soft_margin_loss_none(d, y)", "soft_margin_loss_none(m, CAST(y AS TINYINT))"},
      {
        "margin_ranking_loss_none(d, t, y, named_struct('margin', 0.1D))",
        "margin_ranking_loss_none(f, s, CAST(y AS INT), named_struct('margin', 0.1D))"
      },
      {"mse_loss_none(d * 2.0D, t)", "mse_loss_none(m * 2, b)"}
    };
    StringBuilder q = new StringBuilder("SELECT id");
    for (String[] c : calls) {
      q.append(", ").append(c[0]).append(", ").append(c[1]);
    }
    String sql = q.append(" FROM none_numbers ORDER BY id").toString();
    Run generated = run(GENERATED, sql);
    Run interpreted = run(INTERPRETED, sql);
    assertTrue(generated.codegen().contains(OUR_CALL), generated.codegen());
    assertEquals(6, generated.rows().size());
    for (int r = 0; r < 6; r++) {
      Row g = generated.rows().get(r);
      Row n = interpreted.rows().get(r);
      for (int c = 0; c < calls.length; c++) {
        for (int side = 0; side < 2; side++) {
          int at = 1 + 2 * c + side;
          String what = "row " + g.getInt(0) + ": " + calls[c][side];
          assertEquals(bits(n, at), bits(g, at), what + ": generated vs interpreted");
          assertEquals(bits(g, 1 + 2 * c), bits(g, at), what + ": vs the double columns");
          // NULL exactly where an argument is (rows 2 and 3).
          int id = g.getInt(0);
          if (id == 2 || id == 3) {
            assertNull(value(g, at), what);
          } else {
            assertNotNull(value(g, at), what);
          }
        }
      }
    }
  }

  @Test
  void nestedCallsMixingBothKindsGiveTheInterpretedBits() throws Exception {
    // A generated call over an interpreted one (arrays) and over a generated one.
    String sql =
        "SELECT id, mse_loss_none(cross_entropy_none(array(d, y), 1), t),"
            + " mse_loss_none(huber_loss_none(d, t), y), cross_entropy_none(array(d, y), 1)"
            + " FROM none_numbers WHERE d IS NOT NULL AND t IS NOT NULL ORDER BY id";
    Run generated = run(GENERATED, sql);
    Run interpreted = run(INTERPRETED, sql);
    assertEquals(4, generated.rows().size());
    for (int r = 0; r < 4; r++) {
      for (int at = 1; at <= 3; at++) {
        Row g = generated.rows().get(r);
        assertNotNull(value(g, at));
        assertEquals(
            bits(interpreted.rows().get(r), at), bits(g, at), "row " + g.getInt(0) + ", " + at);
      }
      double ce = generated.rows().get(r).getDouble(3);
      double t = r == 0 || r == 2 ? 1.0 : 0.0; // t of ids 0, 1, 4, 5
      assertEquals(
          Double.doubleToRawLongBits((ce - t) * (ce - t)),
          Double.doubleToRawLongBits(generated.rows().get(r).getDouble(1)),
          "mse over the cross entropy");
    }
  }

  @Test
  void aDataErrorHasTheInterpretedMessageAndNamesItsColumn() {
    String view = "none_errors";
    spark()
        .sql("SELECT * FROM VALUES (0.5D, 1.0D), (2.0D, 2.0D), (1.0D, 0.0D) AS v(d, t)")
        .repartition(2)
        .createOrReplaceTempView(view);
    String query = "SELECT binary_cross_entropy_none(d * 0.1D, t) FROM " + view;
    String generated = dataError(GENERATED, query);
    String interpreted = dataError(INTERPRETED, query);
    assertEquals(interpreted, generated);
    assertTrue(
        generated.contains("binary_cross_entropy")
            && generated.contains("target value 2.0 is out of range [0, 1]")
            && generated.contains("[column: ")
            && generated.endsWith("t]"),
        generated);
  }

  /**
   * The message of the {@link LossDataError} that running {@code sql} with {@code settings} gives.
   */
  private static String dataError(Map<String, String> settings, String sql) {
    Throwable thrown =
        assertThrows(
            Throwable.class,
            () -> SessionSettings.with(spark(), settings, () -> spark().sql(sql).collectAsList()));
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof LossDataError e) {
        return e.getMessage();
      }
    }
    throw new AssertionError("no LossDataError in the failure of " + sql, thrown);
  }

  private static Run run(Map<String, String> settings, String sql) throws Exception {
    return SessionSettings.with(
        spark(),
        settings,
        () -> {
          Dataset<Row> df = spark().sql(sql);
          List<Row> rows = df.collectAsList();
          String codegen =
              org.apache.spark.sql.execution.debug.package$.MODULE$.codegenString(
                  df.queryExecution().executedPlan());
          return new Run(rows, codegen);
        });
  }

  /** A per-row value as the fixtures hold it: a Double, a double[], or null. */
  private static Object value(Row row, int column) {
    if (row.isNullAt(column)) {
      return null;
    }
    Object v = row.get(column);
    if (v instanceof scala.collection.Seq<?> seq) {
      return ScalaSeqs.toList(seq).stream().mapToDouble(x -> (Double) x).toArray();
    }
    return v;
  }

  private static List<Long> bits(Row row, int column) {
    return bits(value(row, column));
  }

  /** The raw bits of a per-row value (each element's for an array); null for NULL. */
  private static List<Long> bits(Object value) {
    if (value == null) {
      return null;
    }
    List<Long> out = new ArrayList<>();
    if (value instanceof double[] d) {
      for (double x : d) {
        out.add(Double.doubleToRawLongBits(x));
      }
    } else {
      out.add(Double.doubleToRawLongBits((Double) value));
    }
    return out;
  }

  private static SparkSession spark() {
    return SharedSpark.get();
  }
}
