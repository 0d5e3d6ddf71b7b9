package io.losseval.spark;

import io.losseval.core.LossDefinition;
import io.losseval.core.OptionSpec;
import io.losseval.core.TensorArgument;
import io.losseval.core.loss.LossCatalog;
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
 * The SQL-name registry: for every loss in {@link LossCatalog}, the aggregate {@code <loss>} and
 * the per-row {@code <loss>_none} function, as the (name, description, builder) triples Spark's
 * function registry takes. Every way of registering (session extension, service provider,
 * {@link LossFunctions#register}) goes through {@link #functions()}.
 *
 * <p>One source for Spark 3.5 to 4.2: builders take any {@code scala.collection.Seq} (Spark 3.5 on
 * Scala 2.12 passes an {@code ArrayBuffer}), and {@link #register} goes through
 * {@code SparkSessionExtensions.registerFunctions}, which qualifies names the way each line's
 * registry expects.
 */
final class SqlFunctionRegistry {
  private SqlFunctionRegistry() {}

  /** Suffix of the per-row (PyTorch reduction='none') functions. */
  static final String PER_ROW_SUFFIX = "_none";

  /** A registry entry; the builder's Seq type differs between Scala lines, hence the raw type. */
  @SuppressWarnings("rawtypes")
  record Entry(FunctionIdentifier identifier, ExpressionInfo info, Function1 builder) {
    @SuppressWarnings("unchecked")
    Tuple3 asTuple() {
      return new Tuple3<>(identifier, info, builder);
    }
  }

  static List<Entry> functions() {
    List<Entry> out = new ArrayList<>();
    for (LossDefinition d : LossCatalog.all()) {
      out.add(function(d, false));
      out.add(function(d, true));
    }
    return out;
  }

  /** Offers every function to a session's extensions (the extension and provider path). */
  @SuppressWarnings("unchecked")
  static void inject(SparkSessionExtensions extensions) {
    for (Entry f : functions()) {
      extensions.injectFunction(f.asTuple());
    }
  }

  /**
   * Registers every function into a running session's function registry, exactly as the
   * extension path would: Spark's own {@code registerFunctions} applies the identifier form each
   * line's registry expects (4.2 qualifies one-part names as built-ins, earlier lines do not).
   */
  static void register(SparkSession session) {
    SparkSessionExtensions extensions = new SparkSessionExtensions();
    inject(extensions);
    extensions.registerFunctions(functionRegistry(session));
  }

  /**
   * The session's function registry. {@code sessionState} is a member of
   * {@code org.apache.spark.sql.SparkSession} on 3.5 and of its {@code classic} subclass on 4.x,
   * so it is looked up on the session's own class.
   */
  static FunctionRegistry functionRegistry(SparkSession session) {
    try {
      Object state = session.getClass().getMethod("sessionState").invoke(session);
      return (FunctionRegistry) state.getClass().getMethod("functionRegistry").invoke(state);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("LossFunctions.register needs a classic Spark session "
          + "(this is " + session.getClass().getName() + "); on a Spark Connect client, install "
          + "the jar on the server instead (see the README)", e);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read the session's function registry", e);
    }
  }

  /**
   * The entry of {@code d}'s aggregate or per-row function; its DESCRIBE FUNCTION text (usage,
   * arguments, examples) comes from the catalog's declaration.
   */
  private static Entry function(LossDefinition d, boolean perRow) {
    String name = perRow ? d.name() + PER_ROW_SUFFIX : d.name();
    String usage = "_FUNC_(" + String.join(", ", d.arguments())
        + (perRow ? "" : "[, reduction]") + "[, named_struct(options)]) - "
        + (perRow ? "per-row loss (PyTorch reduction='none'), "
            + (d.elementwise() ? "a value per element (an array for array rows)"
                : "a value per row")
            + ": " : "aggregate loss: ")
        + d.summary() + " (torch.nn." + d.torchClass() + "). Per "
        + (d.elementwise() ? "element" : "row") + ": " + d.formula() + ".";
    StringBuilder arguments = new StringBuilder("\n    Arguments:\n");
    for (TensorArgument a : d.tensorArguments()) {
      arguments.append("      * ").append(a.name()).append(" - ").append(a.description())
          .append('\n');
    }
    if (!perRow) {
      arguments.append("      * reduction - 'mean' (default), 'sum' or 'batchmean'\n");
    }
    arguments.append("      * options - a constant named_struct of PyTorch's options")
        .append(d.options().isEmpty() ? ": none\n" : ":\n");
    for (OptionSpec o : d.options()) {
      arguments.append("          ").append(describe(o)).append('\n');
    }
    arguments.append("  ");
    String columns = String.join(", ", d.exampleColumns());
    String examples = "\n    Examples:\n"
        + "      > SELECT _FUNC_(" + columns + ") FROM scores;\n"
        + (d.exampleOptions().isEmpty() ? "" : "      > SELECT _FUNC_(" + columns
            + (perRow ? "" : ", 'sum'") + ", " + d.exampleOptionsSql() + ") FROM scores;\n")
        + "  ";
    String className = (perRow ? LossRowExpression.class : LossAggregate.class).getName();
    ExpressionInfo info = new ExpressionInfo(className, null, name, usage, arguments.toString(),
        examples, "", perRow ? "misc_funcs" : "agg_funcs", "", "", "");
    return new Entry(new FunctionIdentifier(name, Option.empty(), Option.empty()), info,
        new Builder(d, perRow));
  }

  /** "label_smoothing (a number, default 0.0, between 0.0 and 1.0): mixes the target ...". */
  private static String describe(OptionSpec o) {
    return o.name() + " (" + o.type().description() + ", default "
        + (o.defaultValue() == null ? "none" : o.defaultValue())
        + (o.allowed() == null ? "" : ", " + o.allowed().describe(o.type())) + "): "
        + o.description();
  }

  /** Builds the loss expression from the SQL arguments, once, when the query is analysed. */
  private static final class Builder
      extends AbstractFunction1<scala.collection.Seq<Expression>, Expression>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final LossDefinition definition;
    private final boolean perRow;

    Builder(LossDefinition definition, boolean perRow) {
      this.definition = definition;
      this.perRow = perRow;
    }

    @Override
    public Expression apply(scala.collection.Seq<Expression> arguments) {
      List<Expression> args = ScalaSeqs.toList(arguments);
      LossCall call = LossCall.parse(definition, perRow, args);
      List<Expression> tensors = args.subList(0, definition.arguments().size());
      List<String> sql = new ArrayList<>();
      for (Expression e : tensors) {
        sql.add(e.sql());
      }
      return perRow ? new LossRowExpression(call, tensors, sql)
          : new LossAggregate(call, tensors, sql);
    }
  }
}
