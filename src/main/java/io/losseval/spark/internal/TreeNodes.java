package io.losseval.spark.internal;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.TypedImperativeAggregate;
import org.apache.spark.sql.execution.SparkPlan;

/**
 * Catalyst tree nodes written in Java that compile once for every Spark line: the base classes of
 * this project's expressions, aggregates and plans, each copying itself over new children through
 * one method, {@code withChildren(List)}.
 *
 * <p>Why: Catalyst's {@code withNewChildrenInternal(IndexedSeq)} takes {@code
 * scala.collection.immutable.IndexedSeq} on Scala 2.13 and {@code scala.collection.IndexedSeq} on
 * 2.12. Java cannot name "whichever the line has", so each base declares both overloads (no
 * {@code @Override}); on each line one of them overrides Spark's method and the other is an unused
 * overload. The three classes differ only in the Catalyst class they extend, which Java cannot
 * abstract over (an interface's default method does not implement a superclass's abstract one).
 * Catalyst's expressions are not {@code java.io.Serializable} themselves; these bases are, since
 * Spark ships them to executors inside plans.
 */
public final class TreeNodes {
  private TreeNodes() {}

  /** A scalar expression over the children it is given. */
  public abstract static class ExpressionNode extends Expression implements Serializable {
    private static final long serialVersionUID = 1L;

    /** This expression over {@code children} (Spark binds, rewrites or canonicalises them). */
    protected abstract Expression withChildren(List<Expression> children);

    /** Spark's copy over new children, on Scala 2.13. */
    public final Expression withNewChildrenInternal(
        scala.collection.immutable.IndexedSeq<Expression> children) {
      return withChildren(ScalaSeqs.toList(children));
    }

    /** Spark's copy over new children, on Scala 2.12. */
    public final Expression withNewChildrenInternal(
        scala.collection.IndexedSeq<Expression> children) {
      return withChildren(ScalaSeqs.toList(children));
    }
  }

  /**
   * An aggregate whose buffer is an object of type {@code S}, over the children it is given.
   *
   * @param <S> the aggregation buffer's type
   */
  public abstract static class AggregateNode<S> extends TypedImperativeAggregate<S>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** This aggregate over {@code children} (Spark binds, rewrites or canonicalises them). */
    protected abstract Expression withChildren(List<Expression> children);

    /** Spark's copy over new children, on Scala 2.13. */
    public final Expression withNewChildrenInternal(
        scala.collection.immutable.IndexedSeq<Expression> children) {
      return withChildren(ScalaSeqs.toList(children));
    }

    /** Spark's copy over new children, on Scala 2.12. */
    public final Expression withNewChildrenInternal(
        scala.collection.IndexedSeq<Expression> children) {
      return withChildren(ScalaSeqs.toList(children));
    }
  }

  /** A physical plan over the child plans it is given. */
  public abstract static class PlanNode extends SparkPlan {
    private static final long serialVersionUID = 1L;

    /** This plan over {@code children}. */
    protected abstract SparkPlan withChildren(List<SparkPlan> children);

    /** Spark's copy over new children, on Scala 2.13. */
    public final SparkPlan withNewChildrenInternal(
        scala.collection.immutable.IndexedSeq<SparkPlan> children) {
      return withChildren(ScalaSeqs.toList(children));
    }

    /** Spark's copy over new children, on Scala 2.12. */
    public final SparkPlan withNewChildrenInternal(
        scala.collection.IndexedSeq<SparkPlan> children) {
      return withChildren(ScalaSeqs.toList(children));
    }
  }
}
