package io.losseval.spark;

import io.losseval.core.loss.LossCatalog;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossArgumentException;
import io.losseval.core.Reduction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The Dataset API: loss aggregates and per-row losses as {@link Column}s, for
 * {@code df.groupBy("model").agg(LossColumns.loss("cross_entropy", col("logits"), col("label")))}.
 * The columns call the registered SQL functions, so the session must have them (the extension,
 * the jar on the class path, or {@link LossFunctions#register}). Names, argument counts and
 * options are checked here, before Spark sees the column.
 */
public final class LossColumns {
  private LossColumns() {}

  /** The loss {@code function} over {@code tensors}, reduced by 'mean', default options. */
  public static Column loss(String function, Column... tensors) {
    return loss(function, Reduction.MEAN, Map.of(), tensors);
  }

  /** The loss {@code function} over {@code tensors}, reduced by {@code reduction}. */
  public static Column loss(String function, Reduction reduction, Column... tensors) {
    return loss(function, reduction, Map.of(), tensors);
  }

  /**
   * The loss {@code function} over {@code tensors} with options named as PyTorch names them
   * (values: numbers, booleans, strings, {@code double[]}).
   */
  public static Column loss(String function, Reduction reduction, Map<String, ?> options,
      Column... tensors) {
    LossDefinition d = check(function, options, tensors);
    List<Column> args = new ArrayList<>(List.of(tensors));
    args.add(functions.lit(reduction.sqlName()));
    addOptions(args, options);
    return functions.call_function(d.name(), args.toArray(new Column[0]));
  }

  /** PyTorch's reduction='none' for each row: {@code <function>_none(tensors...)}. */
  public static Column perRow(String function, Column... tensors) {
    return perRow(function, Map.of(), tensors);
  }

  /** PyTorch's reduction='none' for each row, with options. */
  public static Column perRow(String function, Map<String, ?> options, Column... tensors) {
    LossDefinition d = check(function, options, tensors);
    List<Column> args = new ArrayList<>(List.of(tensors));
    addOptions(args, options);
    return functions.call_function(d.name() + SqlFunctionRegistry.PER_ROW_SUFFIX,
        args.toArray(new Column[0]));
  }

  private static LossDefinition check(String function, Map<String, ?> options, Column[] tensors) {
    LossDefinition d = LossCatalog.get(function);
    if (tensors.length != d.arguments().size()) {
      throw new LossArgumentException(function + " takes " + d.arguments().size()
          + " tensor columns (" + String.join(", ", d.arguments()) + "), got " + tensors.length);
    }
    io.losseval.core.LossOptions.parse(function, d.options(), options);
    return d;
  }

  private static void addOptions(List<Column> args, Map<String, ?> options) {
    if (options.isEmpty()) {
      return;
    }
    List<Column> fields = new ArrayList<>();
    for (Map.Entry<String, ?> e : options.entrySet()) {
      fields.add(functions.lit(e.getKey()));
      fields.add(functions.lit(e.getValue()));
    }
    args.add(functions.named_struct(fields.toArray(new Column[0])));
  }
}
