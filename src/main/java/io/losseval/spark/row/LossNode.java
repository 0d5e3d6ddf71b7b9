package io.losseval.spark.row;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.interval.IntervalEstimator;
import io.losseval.spark.LossDataError;
import io.losseval.spark.internal.ScalaSeqs;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * What every loss expression (the aggregate, the per-row function) holds and how Catalyst sees it,
 * in one place: the resolved call, the tensor-argument children, their SQL text for error messages,
 * and the node's name, SQL, equality and product view. The expression classes extend different
 * Catalyst bases, so they delegate to this rather than inherit it.
 */
final class LossNode implements BoundLoss {
  private static final long serialVersionUID = 1L;

  final LossCall call;
  final scala.collection.immutable.Seq<Expression> children;
  private final List<String> argumentSql;

  LossNode(LossCall call, List<Expression> children, List<String> argumentSql) {
    this.call = call;
    this.children = ScalaSeqs.toSeq(children);
    this.argumentSql = List.copyOf(argumentSql);
  }

  /** The same call over new children (Spark binds, rewrites or canonicalises them). */
  LossNode withChildren(List<Expression> newChildren) {
    return new LossNode(call.withChildren(newChildren), newChildren, argumentSql);
  }

  @Override
  public LossKernel kernel() {
    return call.kernel;
  }

  @Override
  public IntervalEstimator estimator() {
    return call.estimator;
  }

  @Override
  public long keyHash(InternalRow row) {
    return call.keyHash(row);
  }

  @Override
  public RowReader newReader(boolean batching) {
    return new RowReader(this, batching);
  }

  /** The function name as written: {@code cross_entropy}, {@code mse_loss_none}. */
  String name() {
    return call.function;
  }

  /** The call as SQL, as the user wrote it: names result columns and EXPLAIN output. */
  String sql() {
    return call.sql(children);
  }

  int productArity() {
    return children.size();
  }

  Object productElement(int n) {
    return children.apply(n);
  }

  @Override
  public LossDataError located(LossDataException e) {
    return call.withColumn(e, argumentSql);
  }

  /** Same call (function, reduction, options) over equal children. */
  @Override
  public boolean equals(Object o) {
    return o instanceof LossNode n && n.call.sameCall(call) && n.children.equals(children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(call.callHash(), children);
  }
}
