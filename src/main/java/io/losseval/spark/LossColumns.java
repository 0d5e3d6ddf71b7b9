package io.losseval.spark;

import io.losseval.PublicApi;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.Reduction;
import io.losseval.core.loss.LossCatalog;
import io.losseval.spark.row.LossForm;
import io.losseval.spark.row.SqlFunctionRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.Option;

/**
 * The Dataset API: loss aggregates, per-row losses, intervals and comparisons as {@link Column}s,
 * for {@code df.groupBy("model").agg(LossColumns.loss("cross_entropy", col("logits"),
 * col("label")))}. The columns call the registered SQL functions, so the session must have them
 * (the extension, the jar on the class path, or {@link LossFunctions#register}). Names, argument
 * counts and options are checked here, before Spark sees the column, and options reach SQL as
 * literals of their declared types.
 */
@PublicApi
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
   * (values: numbers, booleans, strings, arrays or lists of numbers).
   */
  public static Column loss(
      String function, Reduction reduction, Map<String, ?> options, Column... tensors) {
    return call(
        LossForm.AGGREGATE,
        check(function, tensors),
        reduction,
        options,
        new ArrayList<>(List.of(tensors)));
  }

  /** PyTorch's reduction='none' for each row: {@code <function>_none(tensors...)}. */
  public static Column perRow(String function, Column... tensors) {
    return perRow(function, Map.of(), tensors);
  }

  /** PyTorch's reduction='none' for each row, with options. */
  public static Column perRow(String function, Map<String, ?> options, Column... tensors) {
    LossDefinition d = check(function, tensors);
    List<Column> args = new ArrayList<>(List.of(tensors));
    addOptions(args, LossOptions.parse(function, d.options(), options).given());
    return call(d.name() + SqlFunctionRegistry.PER_ROW_SUFFIX, args);
  }

  /**
   * The loss {@code function} with its confidence interval, reduced by 'mean' with default options
   * (95%, 20 buckets): a struct column {@code <value, lower, upper, stderr, rows>}, as SQL's {@code
   * <function>_ci}.
   */
  public static Column ci(String function, Column... tensors) {
    return ci(function, Reduction.MEAN, Map.of(), tensors);
  }

  /**
   * The loss {@code function} with its confidence interval; {@code options} are the loss's
   * (PyTorch's names) and the interval's {@code confidence}, {@code buckets} and {@code key} (a
   * {@link Column}, or a column name: the bucketing key, a row id or a cluster id).
   */
  public static Column ci(
      String function, Reduction reduction, Map<String, ?> options, Column... tensors) {
    return call(
        LossForm.INTERVAL,
        check(function, tensors),
        reduction,
        options,
        new ArrayList<>(List.of(tensors)));
  }

  /**
   * Two models' losses over the same rows and the interval of their difference (candidate minus
   * baseline), reduced by 'mean' with default options: a struct column {@code <candidate, baseline,
   * difference, lower, upper, stderr, rows>}, as SQL's {@code <function>_compare}. Each side is the
   * loss's full list of tensor columns, the target included.
   */
  public static Column compare(String function, List<Column> candidate, List<Column> baseline) {
    return compare(function, Reduction.MEAN, Map.of(), candidate, baseline);
  }

  /**
   * As {@link #compare(String, List, List)}, with a reduction and options (the loss's and the
   * interval's, {@code key} among them as for {@link #ci(String, Reduction, Map, Column...)}).
   */
  public static Column compare(
      String function,
      Reduction reduction,
      Map<String, ?> options,
      List<Column> candidate,
      List<Column> baseline) {
    LossDefinition d = check(function, candidate.toArray(new Column[0]));
    check(function, baseline.toArray(new Column[0]));
    List<Column> args = new ArrayList<>(candidate);
    args.addAll(baseline);
    return call(LossForm.COMPARISON, d, reduction, options, args);
  }

  /** The call of {@code form} over {@code args} (the tensors), a reduction and checked options. */
  private static Column call(
      LossForm form,
      LossDefinition d,
      Reduction reduction,
      Map<String, ?> options,
      List<Column> args) {
    String name = form.name(d);
    args.add(functions.lit(reduction.sqlName()));
    Map<String, Object> constants = new LinkedHashMap<>(options);
    Object key = constants.remove(LossForm.KEY);
    Map<String, Object> given =
        new LinkedHashMap<>(LossOptions.parse(name, form.options(d), constants).given());
    if (key != null) {
      given.put(
          LossForm.KEY,
          key instanceof Column c
              ? c
              : key instanceof String s ? functions.col(s) : keyError(name, key));
    }
    addOptions(args, given);
    return call(name, args);
  }

  private static Column keyError(String function, Object key) {
    throw new LossArgumentException(
        function
            + ": option 'key' must be a Column or a column "
            + "name, got "
            + key
            + " ("
            + key.getClass().getSimpleName()
            + ")");
  }

  private static LossDefinition check(String function, Column[] tensors) {
    LossDefinition d = LossCatalog.get(function);
    if (tensors.length != d.arguments().size()) {
      throw new LossArgumentException(
          function
              + " takes "
              + d.arguments().size()
              + " tensor columns ("
              + String.join(", ", d.arguments())
              + "), got "
              + tensors.length);
    }
    return d;
  }

  private static void addOptions(List<Column> args, Map<String, Object> options) {
    if (options.isEmpty()) {
      return;
    }
    List<Column> fields = new ArrayList<>();
    for (Map.Entry<String, Object> e : options.entrySet()) {
      fields.add(functions.lit(e.getKey()));
      fields.add(
          e.getValue() == null
              ? functions.lit(null).cast("array<double>")
              : e.getValue() instanceof Column c ? c : functions.lit(e.getValue()));
    }
    args.add(functions.named_struct(fields.toArray(new Column[0])));
  }

  /**
   * The call of a registered function. When the active session lacks it, says how to register the
   * functions rather than leaving the user with Spark's bare UNRESOLVED_ROUTINE later.
   */
  private static Column call(String name, List<Column> args) {
    Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isDefined() && !registered(active.get(), name)) {
      throw new LossArgumentException(
          name
              + " is not registered in the active Spark session; "
              + "put the spark-loss-evaluator jar on the session's class path (--jars or "
              + "spark.jars, which registers the functions by itself), set spark.sql.extensions="
              + LossExtensions.class.getName()
              + ", or call "
              + LossFunctions.class.getName()
              + ".register(spark)");
    }
    return functions.call_function(name, args.toArray(new Column[0]));
  }

  private static boolean registered(SparkSession session, String name) {
    try {
      return session.catalog().functionExists(name);
    } catch (RuntimeException e) { // a session that cannot answer: let analysis decide
      return true;
    }
  }
}
