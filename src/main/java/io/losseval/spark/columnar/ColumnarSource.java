package io.losseval.spark.columnar;

import io.losseval.spark.internal.ScalaSeqs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowTransition;
import org.apache.spark.sql.execution.ExpandExec;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import scala.runtime.AbstractFunction1;

/**
 * The input of an aggregate that {@link ColumnarAggregateRule} plans, read as views of a columnar
 * plan's batches: the columnar plan, the views ({@link ColumnarInput}: a column of the batch or a
 * constant, per grouping set under an {@code Expand}), and the view column of each input attribute.
 * Found through Spark's {@code ColumnarToRow}, projections of columns and constants, and an {@code
 * Expand} of columns and constants; anything that computes fails with {@link NotColumnar}.
 *
 * @param columnar the plan whose column batches are read
 * @param columns the views of its batches that the aggregate reads
 * @param ordinals the view column of each attribute of the aggregate's input
 */
record ColumnarSource(SparkPlan columnar, ColumnarInput columns, Map<ExprId, Integer> ordinals) {
  /** The view column of {@code a}; fails when the input does not have it. */
  int column(Attribute a) throws NotColumnar {
    Integer c = ordinals.get(a.exprId());
    if (c == null) {
      throw new NotColumnar("column " + a.sql() + " is not in the aggregate's input");
    }
    return c;
  }

  /** {@code e} with its columns replaced by references to the view's columns. */
  Expression bind(Expression e) throws NotColumnar {
    String[] missing = new String[1];
    Expression bound = bindOrMark(e, ordinals, missing);
    if (missing[0] != null) {
      throw new NotColumnar("column " + missing[0] + " is not in the aggregate's input");
    }
    return bound;
  }

  private static Expression bindOrMark(
      Expression e, Map<ExprId, Integer> ordinals, String[] missing) {
    if (e instanceof Attribute a) {
      Integer c = ordinals.get(a.exprId());
      if (c == null) {
        missing[0] = a.sql();
        return e;
      }
      return new BoundReference(c, a.dataType(), a.nullable());
    }
    return e.mapChildren(
        new AbstractFunction1<Expression, Expression>() {
          @Override
          public Expression apply(Expression child) {
            return bindOrMark(child, ordinals, missing);
          }
        });
  }

  /**
   * Where each column of {@code plan}'s rows comes from: a column of the columnar plan's batches,
   * or a constant; one such list per view (grouping set).
   */
  private record Sources(
      SparkPlan columnar,
      List<Attribute> attributes,
      List<int[]> column,
      List<Object[]> constant,
      int views) {}

  /** The input of an aggregate over {@code child}; fails when it cannot be read as columns. */
  static ColumnarSource of(SparkPlan child) throws NotColumnar {
    Sources s = child instanceof ExpandExec expand ? expand(expand) : rows(child);
    ColumnarInput.Builder b = new ColumnarInput.Builder();
    Map<ExprId, Integer> ordinals = new HashMap<>();
    for (int c = 0; c < s.attributes.size(); c++) {
      Attribute a = s.attributes.get(c);
      b.add(a.dataType(), s.column.get(c), s.constant.get(c));
      ordinals.put(a.exprId(), c);
    }
    return new ColumnarSource(s.columnar, b.build(s.views), ordinals);
  }

  private static Sources expand(ExpandExec expand) throws NotColumnar {
    Sources inner = rows(expand.child());
    List<Attribute> output = ScalaSeqs.toList(expand.output());
    List<? extends scala.collection.Seq<Expression>> projections =
        ScalaSeqs.toList(expand.projections());
    int views = projections.size();
    List<int[]> column = new ArrayList<>();
    List<Object[]> constant = new ArrayList<>();
    for (int c = 0; c < output.size(); c++) {
      int[] from = new int[views];
      Object[] values = new Object[views];
      for (int v = 0; v < views; v++) {
        Expression e = projections.get(v).apply(c);
        if (e instanceof Literal lit) {
          from[v] = -1;
          values[v] = lit.value();
        } else if (e instanceof Attribute a) {
          int at = indexOf(inner.attributes, a);
          if (at < 0 || inner.column.get(at)[0] < 0) {
            throw new NotColumnar("Expand reads " + a.sql() + ", which is not a scanned column");
          }
          from[v] = inner.column.get(at)[0];
        } else {
          throw new NotColumnar("Expand computes " + e.sql());
        }
      }
      column.add(from);
      constant.add(values);
    }
    return new Sources(inner.columnar, output, column, constant, views);
  }

  /** A plan producing rows from a columnar plan's batches with no computation. */
  private static Sources rows(SparkPlan plan) throws NotColumnar {
    if (plan instanceof ColumnarToRowTransition || plan.supportsColumnar()) {
      // Spark's transition to rows, or (in stage preparation) a plan that can give columns
      SparkPlan columnar =
          plan instanceof ColumnarToRowTransition ? plan.children().apply(0) : plan;
      List<Attribute> attrs = ScalaSeqs.toList(columnar.output());
      List<int[]> column = new ArrayList<>();
      List<Object[]> constant = new ArrayList<>();
      for (int c = 0; c < attrs.size(); c++) {
        column.add(new int[] {c});
        constant.add(new Object[1]);
      }
      return new Sources(columnar, attrs, column, constant, 1);
    }
    if (plan instanceof ProjectExec project) {
      Sources inner = rows(project.child());
      List<Attribute> attrs = new ArrayList<>();
      List<int[]> column = new ArrayList<>();
      List<Object[]> constant = new ArrayList<>();
      for (NamedExpression ne : ScalaSeqs.toList(project.projectList())) {
        Expression e = ne instanceof Alias alias ? alias.child() : (Expression) ne;
        attrs.add(ne.toAttribute());
        if (e instanceof Literal lit) {
          column.add(new int[] {-1});
          constant.add(new Object[] {lit.value()});
        } else if (e instanceof Attribute a && indexOf(inner.attributes, a) >= 0) {
          int at = indexOf(inner.attributes, a);
          column.add(inner.column.get(at));
          constant.add(inner.constant.get(at));
        } else {
          throw new NotColumnar(
              "a projection below the aggregate computes " + ((Expression) ne).sql());
        }
      }
      return new Sources(inner.columnar, attrs, column, constant, 1);
    }
    throw new NotColumnar("its input is not columnar (" + plan.nodeName() + ")");
  }

  private static int indexOf(List<Attribute> attrs, Attribute a) {
    for (int i = 0; i < attrs.size(); i++) {
      if (attrs.get(i).exprId().equals(a.exprId())) {
        return i;
      }
    }
    return -1;
  }
}
