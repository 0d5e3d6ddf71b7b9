package io.losseval.spark.columnar;

import io.losseval.spark.LossConf;
import io.losseval.spark.internal.ScalaSeqs;
import io.losseval.spark.row.BoundLoss;
import io.losseval.spark.row.LossAggregate;
import io.losseval.spark.row.LossIntervalAggregate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.catalyst.expressions.aggregate.Count;
import org.apache.spark.sql.catalyst.expressions.aggregate.Partial$;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.ColumnarRule;
import org.apache.spark.sql.execution.ColumnarToRowTransition;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.aggregate.ObjectHashAggregateExec;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Replaces Spark's partial {@code ObjectHashAggregate} of loss functions by a {@link
 * ColumnarPartialAggregateExec} when its input comes as column batches, and leaves every other plan
 * alone. It runs after Spark has inserted its columnar-to-row transitions (with adaptive execution,
 * on each query stage), and takes the aggregate when:
 *
 * <ul>
 *   <li>every function is a partial loss function of this project (a loss, its interval or its
 *       comparison) or {@code count}, with no FILTER and no DISTINCT, and at least one is a loss;
 *   <li>every grouping key is a column of a whole-number, date, timestamp or (binary-collated)
 *       string type;
 *   <li>its input is a columnar scan (Parquet, ORC, a cache of primitive columns, ...) seen through
 *       Spark's {@code ColumnarToRow}, possibly renamed by a projection of columns, and possibly
 *       expanded into grouping sets by an {@code Expand} of columns and constants.
 * </ul>
 *
 * Everything else (a filter or a computed column between the scan and the aggregate, a row-based
 * source, other aggregate functions, keys of other types) stays on Spark's row path, with the same
 * results. {@value LossConf#COLUMNAR_ENABLED} {@code = false} turns the rule off.
 */
public final class ColumnarAggregateRule extends Rule<SparkPlan> {
  private static final Logger LOG = LoggerFactory.getLogger(ColumnarAggregateRule.class);

  /**
   * The rule as Spark's columnar extension point takes it: it runs after Spark has inserted its
   * transitions, so it also removes a {@code ColumnarToRow} Spark put below an aggregate this rule
   * planned earlier, in adaptive execution's stage preparation.
   */
  public static ColumnarRule columnarRule() {
    return new ColumnarRule() {
      @Override
      public Rule<SparkPlan> postColumnarTransitions() {
        return new ColumnarAggregateRule();
      }
    };
  }

  /**
   * The same rule for adaptive execution's query-stage preparation, where it sees the whole plan
   * before stages are made, so that EXPLAIN of a query not yet run shows the path too.
   */
  public static Rule<SparkPlan> stagePreparationRule() {
    return new ColumnarAggregateRule();
  }

  @Override
  public SparkPlan apply(SparkPlan plan) {
    SQLConf conf = SQLConf.get();
    if (!Boolean.parseBoolean(conf.getConfString(LossConf.COLUMNAR_ENABLED, "true").trim())) {
      return plan;
    }
    int maxGroups =
        maxGroups(
            conf.getConfString(
                LossConf.COLUMNAR_MAX_GROUPS,
                Integer.toString(LossConf.DEFAULT_COLUMNAR_MAX_GROUPS)));
    return rewrite(plan, maxGroups);
  }

  private static int maxGroups(String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        LossConf.COLUMNAR_MAX_GROUPS
            + " must be a whole number from 1 to "
            + Integer.MAX_VALUE
            + ", got '"
            + value
            + "'");
  }

  private static SparkPlan rewrite(SparkPlan plan, int maxGroups) {
    List<SparkPlan> children = ScalaSeqs.toList(plan.children());
    List<SparkPlan> rewritten = new ArrayList<>();
    boolean changed = false;
    for (SparkPlan c : children) {
      SparkPlan r = rewrite(c, maxGroups);
      rewritten.add(r);
      changed |= r != c;
    }
    SparkPlan p = changed ? plan.withNewChildren(ScalaSeqs.toSeq(rewritten)) : plan;
    if (p instanceof ColumnarPartialAggregateExec columnar
        && columnar.child() instanceof ColumnarToRowTransition transition) {
      // planned in stage preparation, then given a row input by Spark's transitions
      ColumnarPartialAggregateExec direct =
          columnar.withChild(((SparkPlan) transition).children().apply(0));
      direct.copyTagsFrom(columnar);
      return direct;
    }
    if (p instanceof ObjectHashAggregateExec agg) {
      Planned planned = plan(agg, maxGroups);
      if (planned.exec != null) {
        // Adaptive execution finds a stage's logical plan through these tags (logical link).
        planned.exec.copyTagsFrom(agg);
        return planned.exec;
      }
      if (planned.fallback != null) {
        LOG.debug("loss aggregate stays on the row path: {}", planned.fallback);
      }
    }
    return p;
  }

  /** The replacement, or why there is none (null when the aggregate has no loss at all). */
  record Planned(ColumnarPartialAggregateExec exec, String fallback) {
    static Planned fallback(String why) {
      return new Planned(null, why);
    }
  }

  /** Plans {@code agg} as a columnar partial aggregate if it qualifies. */
  static Planned plan(ObjectHashAggregateExec agg, int maxGroups) {
    List<AggregateExpression> aggregates = ScalaSeqs.toList(agg.aggregateExpressions());
    boolean anyLoss = false;
    for (AggregateExpression e : aggregates) {
      anyLoss |= isLoss(e.aggregateFunction());
    }
    if (!anyLoss) {
      return new Planned(null, null);
    }
    try {
      return new Planned(build(agg, aggregates, maxGroups), null);
    } catch (NotColumnar e) {
      return Planned.fallback(e.getMessage());
    }
  }

  private static ColumnarPartialAggregateExec build(
      ObjectHashAggregateExec agg, List<AggregateExpression> aggregates, int maxGroups)
      throws NotColumnar {
    if (agg.isStreaming()) {
      throw new NotColumnar("a streaming aggregate");
    }
    List<Attribute> buffers = new ArrayList<>();
    for (AggregateExpression e : aggregates) {
      if (!Partial$.MODULE$.equals(e.mode())) {
        throw new NotColumnar("not a partial aggregate (" + e.mode() + ")");
      }
      if (e.isDistinct() || e.filter().isDefined()) {
        throw new NotColumnar("DISTINCT or FILTER in " + e.sql());
      }
      AggregateFunction f = e.aggregateFunction();
      if (!isLoss(f) && !(f instanceof Count)) {
        throw new NotColumnar("another aggregate function: " + f.prettyName());
      }
      buffers.addAll(ScalaSeqs.toList(f.inputAggBufferAttributes()));
    }
    List<NamedExpression> grouping = ScalaSeqs.toList(agg.groupingExpressions());
    List<NamedExpression> results = ScalaSeqs.toList(agg.resultExpressions());
    if (results.size() != grouping.size() + buffers.size()) {
      throw new NotColumnar("its output is not the grouping keys and the partial buffers");
    }
    for (int i = 0; i < results.size(); i++) {
      ExprId want =
          i < grouping.size()
              ? grouping.get(i).exprId()
              : buffers.get(i - grouping.size()).exprId();
      if (!results.get(i).exprId().equals(want)) {
        throw new NotColumnar("its output is not the grouping keys and the partial buffers");
      }
    }

    ColumnarSource in = ColumnarSource.of(agg.child());
    int[] keyColumns = new int[grouping.size()];
    DataType[] keyTypes = new DataType[grouping.size()];
    for (int k = 0; k < keyColumns.length; k++) {
      Expression key = (Expression) grouping.get(k);
      Integer column = key instanceof Attribute a ? in.ordinals().get(a.exprId()) : null;
      if (column == null) {
        throw new NotColumnar("grouping key " + key.sql() + " is computed, not a column");
      }
      if (!GroupKeys.supports(key.dataType())) {
        throw new NotColumnar(
            "grouping key " + key.sql() + " has type " + key.dataType().simpleString());
      }
      keyColumns[k] = column;
      keyTypes[k] = key.dataType();
    }

    List<ColumnarCount.Spec> counts = new ArrayList<>();
    List<ColumnarLoss.Spec> losses = new ArrayList<>();
    boolean[] isLoss = new boolean[aggregates.size()];
    for (int f = 0; f < aggregates.size(); f++) {
      AggregateFunction function = aggregates.get(f).aggregateFunction();
      if (isLoss(function)) {
        isLoss[f] = true;
        losses.add(lossSpec(function, in));
      } else {
        counts.add(countSpec((Count) function, in));
      }
    }
    List<Attribute> output = ScalaSeqs.toList(agg.output());
    DataType[] outputTypes = new DataType[output.size()];
    for (int i = 0; i < outputTypes.length; i++) {
      outputTypes[i] = output.get(i).dataType();
    }
    ColumnarAggregation aggregation =
        new ColumnarAggregation(
            in.columns(), keyColumns, keyTypes, counts, losses, isLoss, outputTypes, maxGroups);
    List<Expression> keys = new ArrayList<>();
    grouping.forEach(g -> keys.add((Expression) g));
    return new ColumnarPartialAggregateExec(
        aggregation,
        keys,
        aggregates,
        in.columns().describe(),
        ScalaSeqs.toSeq(output),
        agg.outputPartitioning(),
        in.columnar());
  }

  /** Whether {@code f} is a loss, its interval or its comparison. */
  private static boolean isLoss(AggregateFunction f) {
    return f instanceof LossAggregate || f instanceof LossIntervalAggregate;
  }

  private static ColumnarLoss.Spec lossSpec(AggregateFunction loss, ColumnarSource in)
      throws NotColumnar {
    List<Expression> children = ScalaSeqs.toList(loss.children());
    List<Expression> boundChildren = new ArrayList<>();
    int[] columns = new int[children.size()];
    DataType[] types = new DataType[children.size()];
    for (int a = 0; a < children.size(); a++) {
      Expression e = deterministic(children.get(a));
      Expression b = in.bind(e);
      boundChildren.add(b);
      columns[a] = b instanceof BoundReference r ? r.ordinal() : -1;
      types[a] = e.dataType();
    }
    BoundLoss bound =
        loss instanceof LossAggregate l
            ? l.bind(boundChildren)
            : ((LossIntervalAggregate) loss).bind(boundChildren);
    return new ColumnarLoss.Spec(bound, columns, types);
  }

  private static ColumnarCount.Spec countSpec(Count count, ColumnarSource in) throws NotColumnar {
    List<Integer> columns = new ArrayList<>();
    List<Expression> tests = new ArrayList<>();
    for (Expression e : ScalaSeqs.toList(count.children())) {
      if (e instanceof Literal lit) {
        if (lit.value() == null) {
          return new ColumnarCount.Spec(true, new int[0], new Expression[0]);
        }
        continue; // count(1), count(*): every row
      }
      List<Attribute> nullTested = nullTestedColumns(e);
      if (nullTested != null) {
        for (Attribute a : nullTested) {
          columns.add(in.column(a));
        }
      } else {
        tests.add(in.bind(new IsNotNull(deterministic(e))));
      }
    }
    return new ColumnarCount.Spec(
        false,
        columns.stream().mapToInt(Integer::intValue).toArray(),
        tests.toArray(new Expression[0]));
  }

  /**
   * The columns whose being non-NULL makes {@code e} non-NULL, when that is all that decides it: a
   * column itself, or {@code CASE WHEN a IS NOT NULL AND b IS NOT NULL ... THEN <constant> END}
   * (how the batch job counts the rows a loss adds); otherwise null.
   */
  private static List<Attribute> nullTestedColumns(Expression e) {
    if (e instanceof Attribute a) {
      return List.of(a);
    }
    if (!(e instanceof CaseWhen cw)
        || cw.branches().size() != 1
        || (cw.elseValue().isDefined()
            && !(cw.elseValue().get() instanceof Literal l && l.value() == null))) {
      return null;
    }
    Tuple2<Expression, Expression> branch = cw.branches().apply(0);
    if (!(branch._2() instanceof Literal value) || value.value() == null) {
      return null;
    }
    List<Attribute> columns = new ArrayList<>();
    return conjunctionOfNullTests(branch._1(), columns) ? columns : null;
  }

  private static boolean conjunctionOfNullTests(Expression e, List<Attribute> into) {
    if (e instanceof And and) {
      return conjunctionOfNullTests(and.left(), into) && conjunctionOfNullTests(and.right(), into);
    }
    if (e instanceof IsNotNull test && test.child() instanceof Attribute a) {
      into.add(a);
      return true;
    }
    return false;
  }

  private static Expression deterministic(Expression e) throws NotColumnar {
    if (!e.deterministic()) {
      throw new NotColumnar("a nondeterministic argument: " + e.sql());
    }
    return e;
  }
}
