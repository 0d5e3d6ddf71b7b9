package io.losseval.ml;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import io.losseval.core.loss.LossCatalog;
import io.losseval.spark.LossColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How {@link LossEvaluator}s run: the evaluators without weights as one SQL aggregate query, those
 * with {@code weightCol} through {@link WeightedLosses}; and which columns they read.
 */
final class Evaluations {
  private Evaluations() {}

  /** The definition of loss {@code name}; fails naming every loss when it is null (unset). */
  static LossDefinition definition(String name) {
    if (name == null) {
      throw new LossArgumentException(
          "LossEvaluator: set loss (one of "
              + String.join(", ", LossCatalog.all().stream().map(LossDefinition::name).toList())
              + ")");
    }
    return LossCatalog.get(name);
  }

  /** See {@link LossEvaluator#evaluateAll(Dataset, LossEvaluator...)}. */
  static Map<String, Double> evaluateAll(Dataset<?> dataset, LossEvaluator... evaluators) {
    if (evaluators.length == 0) {
      throw new LossArgumentException("LossEvaluator.evaluateAll: no evaluators given");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    List<LossEvaluator> plain = new ArrayList<>();
    List<LossEvaluator> weighted = new ArrayList<>();
    for (LossEvaluator e : evaluators) {
      if (out.put(e.getMetricName(), Double.NaN) != null) {
        throw new LossArgumentException(
            "LossEvaluator.evaluateAll: two evaluators of "
                + e.getMetricName()
                + "; evaluate them in separate calls");
      }
      (e.weighted() ? weighted : plain).add(e);
    }
    if (!plain.isEmpty()) {
      Row row = query(dataset, plain).first();
      for (int k = 0; k < plain.size(); k++) {
        out.put(plain.get(k).getMetricName(), row.isNullAt(k) ? Double.NaN : row.getDouble(k));
      }
    }
    if (!weighted.isEmpty()) {
      double[] values = WeightedLosses.evaluate(dataset.toDF(), weighted);
      for (int k = 0; k < weighted.size(); k++) {
        out.put(weighted.get(k).getMetricName(), values[k]);
      }
    }
    return out;
  }

  /**
   * {@code SELECT <loss>(...), ...} over {@code dataset}: a column per evaluator, named by loss.
   */
  static Dataset<Row> query(Dataset<?> dataset, List<LossEvaluator> evaluators) {
    Column[] columns = new Column[evaluators.size()];
    for (int k = 0; k < columns.length; k++) {
      LossEvaluator e = evaluators.get(k);
      columns[k] =
          LossColumns.loss(e.getLoss(), e.reductionValue(), e.getOptions(), e.tensorColumns())
              .as(e.getLoss());
    }
    return dataset.toDF().select(columns);
  }

  /**
   * The tensor column names of loss {@code d} in argument order: {@code inputCols} when set (null
   * when not), else the prediction and label columns of a two-argument loss.
   */
  static List<String> tensorColumnNames(
      LossDefinition d, String[] inputCols, String predictionCol, String labelCol) {
    if (inputCols != null) {
      if (inputCols.length != d.arguments().size()) {
        throw inputColsCount(d, inputCols.length);
      }
      return List.of(inputCols);
    }
    if (d.arguments().size() != 2) {
      throw new LossArgumentException(
          "LossEvaluator("
              + d.name()
              + "): "
              + d.name()
              + " takes "
              + d.arguments().size()
              + " tensor columns ("
              + String.join(", ", d.arguments())
              + "); set inputCols");
    }
    return List.of(predictionCol, labelCol);
  }

  /** The error for an {@code inputCols} of {@code given} columns where {@code d} takes others. */
  static LossArgumentException inputColsCount(LossDefinition d, int given) {
    return new LossArgumentException(
        "LossEvaluator("
            + d.name()
            + "): inputCols has "
            + given
            + " columns but "
            + d.name()
            + " takes "
            + d.arguments().size()
            + " ("
            + String.join(", ", d.arguments())
            + ")");
  }
}
