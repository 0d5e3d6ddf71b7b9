package io.losseval.ml;

import io.losseval.core.ExactSum;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.spark.LossColumns;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.NumericType;

/**
 * Losses weighted per row ({@code weightCol}), several in one pass. With {@code l_ij} PyTorch's
 * reduction='none' values of row i ({@code <loss>_none}: one number, or D numbers for an
 * elementwise loss over array rows) and {@code w_i} the row's weight:
 *
 * <ul>
 *   <li>'sum' = Σ_i w_i Σ_j l_ij;
 *   <li>'batchmean' = Σ_i w_i Σ_j l_ij / Σ_i w_i;
 *   <li>'mean' = Σ_i w_i Σ_j l_ij / Σ_i w_i n_i, where n_i is the row's share of PyTorch's own
 *       'mean' denominator: its number of elements for an elementwise loss; for class-index {@code
 *       cross_entropy} and {@code nll_loss}, the class weight of its target ({@code weight[y_i]}, 1
 *       without class weights, 0 for {@code ignore_index}); 1 for every other loss (for {@code
 *       cross_entropy} with probability targets, 0 for a row of no classes, where PyTorch's numel /
 *       C is 0 / 0); {@code ctc_loss}'s 'mean' is Σ_i w_i (l_i / max(L_i, 1)) / Σ_i w_i, L_i the
 *       target length, as PyTorch divides each loss by its length.
 * </ul>
 *
 * With every weight 1 these are PyTorch's reductions. Each product {@code w · l} is added exactly
 * (its rounded value and its rounding error, {@link Math#fma}), and the sums are exact ({@link
 * ExactSum}) and rounded once, so the result does not depend on partitioning or row order. Two
 * exceptions, both as float64 arithmetic has them: a product beyond the largest double is infinite
 * (as PyTorch's {@code w * l} would be), and a product below 2^-969 has its rounding error itself
 * rounded. Rows where a tensor column or the weight is NULL are skipped; a weight that is negative,
 * NaN or infinite fails the evaluation; no rows give NaN; all weights 0 give 0 for 'sum' and NaN
 * (0/0) otherwise.
 */
final class WeightedLosses implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Exact sums kept per loss: Σ w·l, Σ w·n, Σ w, Σ w·l/max(L, 1) (ctc_loss), rows. */
  private static final int SUMS = 5;

  private static final int WEIGHTED_LOSS = 0;
  private static final int WEIGHTED_COUNT = 1;
  private static final int WEIGHT = 2;
  private static final int WEIGHTED_PER_LENGTH = 3;
  private static final int ROWS = 4;

  /** How a loss's 'mean' divides. */
  enum Denominator {
    ELEMENTS,
    CLASS_WEIGHT,
    CLASSES,
    TARGET_LENGTH,
    ROWS
  }

  /** One weighted loss: where its columns are in the pass's rows, and how it reduces. */
  record Spec(
      String loss,
      String weightColumn,
      Reduction reduction,
      Denominator denominator,
      boolean arrayValues,
      double[] classWeights,
      long ignoreIndex)
      implements Serializable {}

  private final List<Spec> specs;
  private final LossState.Layout layout;

  private WeightedLosses(List<Spec> specs) {
    this.specs = specs;
    this.layout = layout(specs);
  }

  private static LossState.Layout layout(List<Spec> specs) {
    return new LossState.Layout(
        "LossEvaluator weighted",
        String.join(",", specs.stream().map(Spec::loss).toList()),
        SUMS * specs.size(),
        "elements");
  }

  /** The weighted values of {@code evaluators} (each with weightCol set) over {@code data}. */
  static double[] evaluate(Dataset<Row> data, List<LossEvaluator> evaluators) {
    List<Column> columns = new ArrayList<>();
    List<Spec> specs = new ArrayList<>();
    for (LossEvaluator e : evaluators) {
      LossDefinition d = e.definition();
      LossOptions options = e.parsedOptions();
      List<String> tensors = e.tensorColumnNames();
      Column perRow = LossColumns.perRow(d.name(), options.given(), e.tensorColumns());
      Denominator denominator = denominator(d, data, tensors);
      // Three columns per loss: the weight, PyTorch's per-row value(s), and what 'mean' needs
      // of the row (the target's class index, the class count, or ctc_loss's target length).
      columns.add(functions.col(e.weightColumnName()).cast("double"));
      columns.add(perRow);
      columns.add(denominatorColumn(denominator, data, tensors).cast("double"));
      boolean arrays = data.select(perRow).schema().fields()[0].dataType() instanceof ArrayType;
      boolean classIndex = denominator == Denominator.CLASS_WEIGHT;
      specs.add(
          new Spec(
              d.name(),
              e.weightColumnName(),
              e.reductionValue(),
              denominator,
              arrays,
              classIndex ? options.getDoubles("weight") : null,
              classIndex ? options.getLong("ignore_index") : 0));
    }
    WeightedLosses pass = new WeightedLosses(specs);
    List<byte[]> partials =
        data.select(columns.toArray(new Column[0]))
            .mapPartitions((MapPartitionsFunction<Row, byte[]>) pass::partial, Encoders.BINARY())
            .collectAsList();
    LossState total = new LossState(pass.layout);
    for (byte[] p : partials) {
      total.merge(LossState.fromBytes(p, pass.layout));
    }
    double[] out = new double[specs.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = pass.result(total, k);
    }
    return out;
  }

  private static Column denominatorColumn(
      Denominator denominator, Dataset<Row> data, List<String> tensors) {
    Column target = functions.col(tensors.get(tensors.size() - 1));
    switch (denominator) {
      case CLASS_WEIGHT:
        return target;
      case TARGET_LENGTH:
        return functions.size(target);
      case CLASSES:
        Column input = functions.col(tensors.get(0));
        return functions.size(
            isVector(data, tensors.get(0))
                ? org.apache.spark.ml.functions.vector_to_array(input, "float64")
                : input);
      default:
        return functions.lit(0.0);
    }
  }

  private static boolean isVector(Dataset<Row> data, String column) {
    return data.select(column).schema().fields()[0].dataType() instanceof VectorUDT;
  }

  private static Denominator denominator(
      LossDefinition d, Dataset<Row> data, List<String> tensors) {
    if (d.elementwise()) {
      return Denominator.ELEMENTS;
    }
    if (d.name().equals("ctc_loss")) {
      return Denominator.TARGET_LENGTH;
    }
    if (d.name().equals("nll_loss")) {
      return Denominator.CLASS_WEIGHT;
    }
    if (d.name().equals("cross_entropy")) {
      return data.select(tensors.get(1)).schema().fields()[0].dataType() instanceof NumericType
          ? Denominator.CLASS_WEIGHT
          : Denominator.CLASSES;
    }
    return Denominator.ROWS;
  }

  /** One partition's sums, as {@link LossState#toBytes} bytes. */
  private Iterator<byte[]> partial(Iterator<Row> rows) {
    LossState state = new LossState(layout);
    while (rows.hasNext()) {
      Row row = rows.next();
      for (int k = 0; k < specs.size(); k++) {
        add(row, k, state);
      }
    }
    return List.of(state.toBytes()).iterator();
  }

  private void add(Row row, int k, LossState state) {
    Spec s = specs.get(k);
    int c = 3 * k;
    if (row.isNullAt(c) || row.isNullAt(c + 1)) {
      return;
    }
    double w = row.getDouble(c);
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new LossArgumentException(
          "LossEvaluator("
              + s.loss()
              + "): weightCol '"
              + s.weightColumn()
              + "' holds "
              + w
              + "; weights must be finite and >= 0");
    }
    int base = SUMS * k;
    double elements = 1;
    double rowSum;
    if (s.arrayValues()) {
      List<Double> values = row.getList(c + 1);
      for (Double v : values) {
        addProduct(state.sum(base + WEIGHTED_LOSS), w, v);
      }
      elements = values.size();
      rowSum = Double.NaN; // unused: only ELEMENTS losses give arrays
    } else {
      rowSum = row.getDouble(c + 1);
      addProduct(state.sum(base + WEIGHTED_LOSS), w, rowSum);
    }
    double share;
    switch (s.denominator()) {
      case ELEMENTS:
        share = elements;
        break;
      case CLASS_WEIGHT:
        double y = row.getDouble(c + 2);
        share = y == s.ignoreIndex() ? 0 : s.classWeights() == null ? 1 : s.classWeights()[(int) y];
        break;
      case CLASSES:
        // PyTorch divides by numel(input) / C: 0 / 0 for rows of no classes
        share = row.getDouble(c + 2) > 0 ? 1 : 0;
        break;
      case TARGET_LENGTH:
        share = 1;
        addProduct(
            state.sum(base + WEIGHTED_PER_LENGTH), w, rowSum / Math.max(row.getDouble(c + 2), 1));
        break;
      default:
        share = 1;
    }
    addProduct(state.sum(base + WEIGHTED_COUNT), w, share);
    state.sum(base + WEIGHT).add(w);
    state.sum(base + ROWS).add(1);
  }

  /** Adds a·b exactly: the rounded product and its rounding error (Dekker's two-product). */
  private static void addProduct(ExactSum sum, double a, double b) {
    double p = a * b;
    sum.add(p);
    if (Double.isFinite(p)) {
      sum.add(Math.fma(a, b, -p));
    }
  }

  private double result(LossState total, int k) {
    int base = SUMS * k;
    if (total.sum(base + ROWS).isZero()) {
      return Double.NaN;
    }
    double loss = total.sum(base + WEIGHTED_LOSS).value();
    switch (specs.get(k).reduction()) {
      case SUM:
        return loss;
      case BATCHMEAN:
        return loss / total.sum(base + WEIGHT).value();
      case MEAN:
      default:
        return specs.get(k).denominator() == Denominator.TARGET_LENGTH
            ? total.sum(base + WEIGHTED_PER_LENGTH).value() / total.sum(base + WEIGHT).value()
            : loss / total.sum(base + WEIGHTED_COUNT).value();
    }
  }
}
