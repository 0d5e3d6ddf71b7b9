package io.losseval.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.spark.LossConf;
import io.losseval.spark.columnar.ColumnarPartialAggregateExec;
import io.losseval.spark.internal.ScalaSeqs;
import io.losseval.spark.row.LossAggregate;
import io.losseval.spark.row.LossIntervalAggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.aggregate.Partial$;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.aggregate.BaseAggregateExec;

/**
 * What the columnar tests share: running a query with session settings, its result as bits, and
 * which path its partial aggregate took in the plan that actually ran (adaptive execution's final
 * plan included).
 */
public final class ColumnarPlans {
  private ColumnarPlans() {}

  /** Runs {@code body} with the session settings {@code conf}, restoring the old values. */
  public static <T> T with(Map<String, String> conf, Supplier<T> body) {
    try {
      return SessionSettings.with(SharedSpark.get(), conf, body::get);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Session settings: the columnar rule on or off, adaptive execution on or off. */
  public static Map<String, String> settings(boolean columnar, boolean adaptive) {
    return Map.of(
        LossConf.COLUMNAR_ENABLED,
        Boolean.toString(columnar),
        "spark.sql.adaptive.enabled",
        Boolean.toString(adaptive));
  }

  /**
   * A query's rows, each value as bits (doubles), as a list (a struct's fields, so an interval's)
   * or as it is, in the query's order.
   */
  public static List<List<Object>> bits(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(bits(r));
    }
    return out;
  }

  private static List<Object> bits(Row r) {
    List<Object> b = new ArrayList<>();
    for (int c = 0; c < r.size(); c++) {
      Object v = r.isNullAt(c) ? null : r.get(c);
      b.add(
          v instanceof Double d
              ? (Object) Double.doubleToRawLongBits(d)
              : v instanceof Row struct ? bits(struct) : v);
    }
    return b;
  }

  /** Every node of the plan that ran, looking inside adaptive plans and query stages. */
  public static List<SparkPlan> nodes(Dataset<?> executed) {
    List<SparkPlan> out = new ArrayList<>();
    collect(executed.queryExecution().executedPlan(), out);
    return out;
  }

  private static void collect(SparkPlan p, List<SparkPlan> out) {
    out.add(p);
    if (p instanceof AdaptiveSparkPlanExec adaptive) {
      collect(adaptive.executedPlan(), out);
    } else if (p instanceof QueryStageExec stage) {
      collect(stage.plan(), out);
    }
    for (SparkPlan c : ScalaSeqs.toList(p.children())) {
      collect(c, out);
    }
  }

  /** The columnar partial aggregates that ran for {@code executed}. */
  public static List<ColumnarPartialAggregateExec> columnar(Dataset<?> executed) {
    return nodes(executed).stream()
        .filter(n -> n instanceof ColumnarPartialAggregateExec)
        .map(n -> (ColumnarPartialAggregateExec) n)
        .toList();
  }

  /**
   * Fails unless a columnar partial aggregate ran for {@code executed} (collected already) and
   * emitted rows, and no loss was aggregated partially on the row path.
   */
  public static void assertColumnar(Dataset<?> executed, String what) {
    List<ColumnarPartialAggregateExec> ran = columnar(executed);
    assertFalse(ran.isEmpty(), what + ": no columnar partial aggregate in\n" + plan(executed));
    long rows = 0;
    for (ColumnarPartialAggregateExec e : ran) {
      rows += e.longMetric("numOutputRows").value();
    }
    assertTrue(rows > 0, what + ": the columnar partial aggregate emitted no row");
    assertFalse(
        rowPartialLoss(executed),
        what + ": a loss still ran on the row path in\n" + plan(executed));
  }

  /** Fails unless the partial aggregate of the losses ran on Spark's row path. */
  public static void assertRowPath(Dataset<?> executed, String what) {
    assertTrue(
        columnar(executed).isEmpty(), what + ": expected the row path, got\n" + plan(executed));
    assertTrue(
        rowPartialLoss(executed), what + ": no row-path loss aggregate in\n" + plan(executed));
  }

  private static boolean rowPartialLoss(Dataset<?> executed) {
    return nodes(executed).stream()
        .anyMatch(
            n ->
                n instanceof BaseAggregateExec a
                    && ScalaSeqs.toList(a.aggregateExpressions()).stream()
                        .anyMatch(
                            e ->
                                Partial$.MODULE$.equals(e.mode())
                                    && (e.aggregateFunction() instanceof LossAggregate
                                        || e.aggregateFunction()
                                            instanceof LossIntervalAggregate)));
  }

  public static String plan(Dataset<?> executed) {
    return executed.queryExecution().executedPlan().toString();
  }
}
