package io.losseval.spark.row;

import io.losseval.core.LossDefinition;
import io.losseval.core.OptionSpec;
import io.losseval.core.TensorArgument;
import io.losseval.core.loss.LossCatalog;
import io.losseval.spark.internal.ScalaSeqs;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Function1;
import scala.Option;
import scala.Tuple3;
import scala.runtime.AbstractFunction1;

/**
 * The SQL-name registry: for every loss in {@link LossCatalog}, each of its {@link LossForm}s (the
 * aggregate {@code <loss>}, the per-row {@code <loss>_none}, the interval {@code <loss>_ci} and the
 * comparison {@code <loss>_compare}), as the (name, description, builder) triples Spark's function
 * registry takes. Every way of registering (session extension, service provider, {@link
 * io.losseval.spark.LossFunctions#register}) goes through {@link #functions()}.
 *
 * <p>One source for Spark 3.5 to 4.2: builders take any {@code scala.collection.Seq} (Spark 3.5 on
 * Scala 2.12 passes an {@code ArrayBuffer}), and {@link #register} goes through {@code
 * SparkSessionExtensions.registerFunctions}, which qualifies names the way each line's registry
 * expects.
 */
public final class SqlFunctionRegistry {
  private SqlFunctionRegistry() {}

  /** Suffix of the per-row (PyTorch reduction='none') functions. */
  public static final String PER_ROW_SUFFIX = LossForm.PER_ROW.suffix();

  /** A registry entry; the builder's Seq type differs between Scala lines, hence the raw type. */
  @SuppressWarnings("rawtypes")
  public record Entry(FunctionIdentifier identifier, ExpressionInfo info, Function1 builder) {
    @SuppressWarnings("unchecked")
    public Tuple3 asTuple() {
      return new Tuple3<>(identifier, info, builder);
    }
  }

  public static List<Entry> functions() {
    List<Entry> out = new ArrayList<>();
    for (LossDefinition d : LossCatalog.all()) {
      for (LossForm form : LossForm.values()) {
        out.add(function(d, form));
      }
    }
    return out;
  }

  /** Offers every function to a session's extensions (the extension and provider path). */
  @SuppressWarnings("unchecked")
  public static void inject(SparkSessionExtensions extensions) {
    for (Entry f : functions()) {
      extensions.injectFunction(f.asTuple());
    }
  }

  /**
   * Registers every function into a running session's function registry, exactly as the extension
   * path would: Spark's own {@code registerFunctions} applies the identifier form each line's
   * registry expects (4.2 qualifies one-part names as built-ins, earlier lines do not).
   */
  public static void register(SparkSession session) {
    SparkSessionExtensions extensions = new SparkSessionExtensions();
    inject(extensions);
    extensions.registerFunctions(functionRegistry(session));
  }

  /**
   * The session's function registry. {@code sessionState} is a member of {@code
   * org.apache.spark.sql.SparkSession} on 3.5 and of its {@code classic} subclass on 4.x, so it is
   * looked up on the session's own class.
   */
  public static FunctionRegistry functionRegistry(SparkSession session) {
    try {
      Object state = session.getClass().getMethod("sessionState").invoke(session);
      return (FunctionRegistry) state.getClass().getMethod("functionRegistry").invoke(state);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "LossFunctions.register needs a classic Spark session "
              + "(this is "
              + session.getClass().getName()
              + "); on a Spark Connect client, install "
              + "the jar on the server instead (see the README)",
          e);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read the session's function registry", e);
    }
  }

  /**
   * The entry of {@code d}'s function of {@code form}; its DESCRIBE FUNCTION text (usage,
   * arguments, examples) comes from the catalog's declaration.
   */
  private static Entry function(LossDefinition d, LossForm form) {
    String name = form.name(d);
    boolean perRow = form == LossForm.PER_ROW;
    String usage =
        "_FUNC_("
            + String.join(", ", form.tensorNames(d))
            + (perRow ? "" : "[, reduction]")
            + "[, named_struct(options)]) - "
            + what(d, form)
            + d.summary()
            + " (torch.nn."
            + d.torchClass()
            + "). Per "
            + (d.elementwise() ? "element" : "row")
            + ": "
            + d.formula()
            + ".";
    StringBuilder arguments = new StringBuilder("\n    Arguments:\n");
    List<String> names = form.tensorNames(d);
    for (int a = 0; a < names.size(); a++) {
      TensorArgument t = d.tensorArguments().get(a % d.arguments().size());
      arguments
          .append("      * ")
          .append(names.get(a))
          .append(" - ")
          .append(t.description())
          .append('\n');
    }
    if (!perRow) {
      arguments.append("      * reduction - 'mean' (default), 'sum' or 'batchmean'\n");
    }
    List<OptionSpec> options = form.options(d);
    arguments
        .append("      * options - a constant named_struct of ")
        .append(form.bucketed() ? "PyTorch's options and the interval's" : "PyTorch's options")
        .append(options.isEmpty() ? ": none\n" : ":\n");
    for (OptionSpec o : options) {
      arguments.append("          ").append(describe(o)).append('\n');
    }
    if (form.bucketed()) {
      arguments
          .append("          ")
          .append(LossForm.KEY)
          .append(
              " (a column or expression of the "
                  + "row, an integer or a string; default none: the rows' values): the bucketing key, a "
                  + "row id for tied outputs or a cluster id (user, session) for dependent rows; the "
                  + "column itself in the named_struct, not a constant\n");
    }
    arguments.append("  ");
    String examples = "\n    Examples:\n" + examples(d, form) + "  ";
    String className =
        (perRow
                ? LossRowExpression.class
                : form.bucketed() ? LossIntervalAggregate.class : LossAggregate.class)
            .getName();
    ExpressionInfo info =
        new ExpressionInfo(
            className,
            null,
            name,
            usage,
            arguments.toString(),
            examples,
            "",
            perRow ? "misc_funcs" : "agg_funcs",
            "",
            "",
            "");
    return new Entry(
        new FunctionIdentifier(name, Option.empty(), Option.empty()), info, new Builder(d, form));
  }

  /** What a function of {@code form} computes, before the loss's summary. */
  private static String what(LossDefinition d, LossForm form) {
    switch (form) {
      case PER_ROW:
        return "per-row loss (PyTorch reduction='none'), "
            + (d.elementwise()
                ? "a value per element (an array for array rows)"
                : "a value per row")
            + ": ";
      case INTERVAL:
        return "aggregate loss with a confidence interval, struct<value, lower, upper, stderr, "
            + "rows, no_bounds>: value is "
            + d.name()
            + "(...) bit for bit, the interval a "
            + "delete-a-bucket jackknife over rows hashed into buckets (by their values, or by "
            + "the option key), with Student's t (buckets - 1 degrees of freedom); NULL bounds, "
            + "and no_bounds saying why, for a group with an empty bucket or, without a key, "
            + "with too few distinct rows. Loss: ";
      case COMPARISON:
        return "paired comparison of two models' losses over the same rows, struct<candidate, "
            + "baseline, difference, lower, upper, stderr, rows, no_bounds>: difference = "
            + "candidate - baseline with its confidence interval from paired hash buckets (a "
            + "delete-a-bucket jackknife, Student's t with buckets - 1 degrees of freedom; rows "
            + "bucketed by their values, or by the option key); a row with a NULL on either side "
            + "is skipped on both. Loss: ";
      default:
        return "aggregate loss: ";
    }
  }

  /** DESCRIBE FUNCTION's example lines, over a table {@code scores}. */
  private static String examples(LossDefinition d, LossForm form) {
    String columns = String.join(", ", d.exampleColumns());
    String optionsSql = d.exampleOptionsSql();
    switch (form) {
      case INTERVAL:
        return "      > SELECT _FUNC_("
            + columns
            + ").upper FROM scores;\n"
            + "      > SELECT _FUNC_("
            + columns
            + ", 'mean', named_struct('confidence', 0.9D, "
            + "'buckets', 50)) FROM scores;\n";
      case COMPARISON:
        String candidate = prefixed("c.", d.exampleColumns());
        String baseline = prefixed("b.", d.exampleColumns());
        return "      > SELECT _FUNC_("
            + candidate
            + ", "
            + baseline
            + ") FROM candidate_scores c "
            + "JOIN baseline_scores b USING (id);\n";
      default:
        boolean perRow = form == LossForm.PER_ROW;
        return "      > SELECT _FUNC_("
            + columns
            + ") FROM scores;\n"
            + (optionsSql.isEmpty()
                ? ""
                : "      > SELECT _FUNC_("
                    + columns
                    + (perRow ? "" : ", 'sum'")
                    + ", "
                    + optionsSql
                    + ") FROM scores;\n");
    }
  }

  private static String prefixed(String prefix, List<String> columns) {
    return String.join(", ", columns.stream().map(c -> prefix + c).toList());
  }

  /** "label_smoothing (a number, default 0.0, between 0.0 and 1.0): mixes the target ...". */
  private static String describe(OptionSpec o) {
    return o.name()
        + " ("
        + o.type().description()
        + ", default "
        + (o.defaultValue() == null ? "none" : o.defaultValue())
        + (o.allowed() == null ? "" : ", " + o.allowed().describe(o.type()))
        + "): "
        + o.description();
  }

  /** Builds the loss expression from the SQL arguments, once, when the query is analysed. */
  private static final class Builder
      extends AbstractFunction1<scala.collection.Seq<Expression>, Expression>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final LossDefinition definition;
    private final LossForm form;

    Builder(LossDefinition definition, LossForm form) {
      this.definition = definition;
      this.form = form;
    }

    @Override
    public Expression apply(scala.collection.Seq<Expression> arguments) {
      List<Expression> args = ScalaSeqs.toList(arguments);
      LossCall.Parsed parsed = LossCall.parseWithChildren(definition, form, args);
      LossCall call = parsed.call();
      List<Expression> children = parsed.children(); // the tensors, then an interval's key
      List<String> sql = new ArrayList<>();
      for (Expression e : children) {
        sql.add(e.sql());
      }
      switch (form) {
        case PER_ROW:
          return LossRowExpression.of(call, children, sql);
        case AGGREGATE:
          return new LossAggregate(call, children, sql);
        default:
          return new LossIntervalAggregate(call, children, sql);
      }
    }
  }
}
