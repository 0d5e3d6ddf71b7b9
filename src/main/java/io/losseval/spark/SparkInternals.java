package io.losseval.spark;

import io.losseval.core.loss.LossCatalog;
import io.losseval.core.LossDefinition;
import io.losseval.core.OptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Function1;
import scala.Option;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The SQL-name registry: builds, for every loss in {@link LossCatalog}, the aggregate
 * {@code <loss>} and the per-row {@code <loss>_none} function, as the (name, description, builder)
 * triples Spark's function registry takes. Every way of registering (session extension, service
 * provider, {@link LossFunctions#register}) goes through {@link #functions()}. Checked against
 * Spark 4.2.0.
 */
final class SparkInternals {
  private SparkInternals() {}

  /** Suffix of the per-row (PyTorch reduction='none') functions. */
  static final String PER_ROW_SUFFIX = "_none";

  static List<Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>>>
      functions() {
    List<Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>>> out =
        new ArrayList<>();
    for (LossDefinition d : LossCatalog.all()) {
      out.add(function(d, false));
      out.add(function(d, true));
    }
    return out;
  }

  private static Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>>
      function(LossDefinition d, boolean perRow) {
    String name = perRow ? d.name() + PER_ROW_SUFFIX : d.name();
    String options = d.options().isEmpty() ? "none"
        : d.options().stream().map(SparkInternals::describe).collect(Collectors.joining(", "));
    String usage = "_FUNC_(" + String.join(", ", d.arguments())
        + (perRow ? "" : "[, reduction]") + "[, named_struct(options)]) - "
        + (perRow ? "per-row loss (PyTorch reduction='none'): " : "aggregate loss, reduction "
            + "'mean' (default), 'sum' or 'batchmean': ")
        + d.summary() + ". Options: " + options + ".";
    ExpressionInfo info = new ExpressionInfo(LossAggregate.class.getName(), null, name, usage,
        "", "", "", perRow ? "misc_funcs" : "agg_funcs", "", "", "");
    Function1<Seq<Expression>, Expression> builder = new Builder(d, perRow);
    return new Tuple3<>(new FunctionIdentifier(name, Option.empty(), Option.empty()), info, builder);
  }

  private static String describe(OptionSpec o) {
    return o.name() + " (" + o.type().description() + ", default "
        + (o.defaultValue() == null ? "none" : o.defaultValue()) + ")";
  }

  /**
   * Registers every function into a running session's function registry, under the qualified
   * built-in identifier that Spark 4.2's registry requires (the extension path qualifies injected
   * names the same way).
   */
  static void register(SparkSession session) {
    FunctionRegistry registry =
        ((org.apache.spark.sql.classic.SparkSession) session).sessionState().functionRegistry();
    for (var f : functions()) {
      registry.registerFunction(builtinIdentifier(f._1().funcName()), f._2(), f._3());
    }
  }

  /** The registry key of a built-in function called {@code name}. */
  static FunctionIdentifier builtinIdentifier(String name) {
    return org.apache.spark.sql.catalyst.analysis.FunctionRegistry$.MODULE$
        .builtinFunctionIdentifier(name);
  }

  static List<Expression> toList(Seq<Expression> seq) {
    return new ArrayList<>(CollectionConverters.asJava(seq));
  }

  static Seq<Expression> toSeq(List<Expression> list) {
    return CollectionConverters.asScala(list).toList();
  }

  /** Builds the loss expression from the SQL arguments, once, when the query is analysed. */
  private static final class Builder extends AbstractFunction1<Seq<Expression>, Expression>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final LossDefinition definition;
    private final boolean perRow;

    Builder(LossDefinition definition, boolean perRow) {
      this.definition = definition;
      this.perRow = perRow;
    }

    @Override
    public Expression apply(Seq<Expression> arguments) {
      List<Expression> args = toList(arguments);
      LossCall call = LossCall.parse(definition, perRow, args);
      List<Expression> tensors = args.subList(0, definition.arguments().size());
      List<String> sql = new ArrayList<>();
      for (Expression e : tensors) {
        sql.add(e.sql());
      }
      Seq<Expression> children = toSeq(tensors);
      return perRow ? new LossRowExpression(call, children, sql)
          : new LossAggregate(call, children, sql, 0, 0);
    }
  }
}
