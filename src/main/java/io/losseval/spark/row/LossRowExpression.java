package io.losseval.spark.row;

import io.losseval.core.LossDataException;
import io.losseval.core.Sample;
import io.losseval.spark.internal.TreeNodes;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.Seq;

/**
 * The per-row form of a loss ({@code <loss>_none}): PyTorch's {@code reduction='none'} value of
 * each row, a double for losses with one value per sample and for scalar rows, an array of doubles
 * for elementwise losses over array rows. NULL when any argument is NULL. Spark-internal API, one
 * source for Spark 3.5 to 4.2 (see {@link LossAggregate}).
 */
final class LossRowExpression extends TreeNodes.ExpressionNode implements CodegenFallback {
  private static final long serialVersionUID = 1L;

  private final LossNode node;
  private transient RowReader reader; // made on the first row of this instance (one task)

  LossRowExpression(LossCall call, List<Expression> children, List<String> argumentSql) {
    this(new LossNode(call, children, argumentSql));
  }

  private LossRowExpression(LossNode node) {
    this.node = node;
  }

  @Override
  public Object eval(InternalRow input) {
    if (reader == null) {
      reader = node.newReader(false);
    }
    if (!reader.read(input)) {
      return null;
    }
    Sample sample = reader.sample();
    try {
      if (node.call.kernel.perSampleIsArray()) {
        return UnsafeArrayData.fromPrimitiveArray(node.call.kernel.perSampleArray(sample));
      }
      return node.call.kernel.perSample(sample);
    } catch (LossDataException e) {
      throw node.located(e);
    }
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return CodegenFallback.super.doGenCode(ctx, ev);
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public boolean deterministic() {
    return true;
  }

  @Override
  public DataType dataType() {
    return node.call.kernel.perSampleIsArray()
        ? DataTypes.createArrayType(DataTypes.DoubleType, false)
        : DataTypes.DoubleType;
  }

  @Override
  public Seq<Expression> children() {
    return node.children;
  }

  @Override
  protected Expression withChildren(List<Expression> newChildren) {
    return new LossRowExpression(node.withChildren(newChildren));
  }

  @Override
  public String sql() {
    return node.sql();
  }

  @Override
  public String prettyName() {
    return node.name();
  }

  @Override
  public String nodeName() {
    return node.name();
  }

  @Override
  public int productArity() {
    return node.productArity();
  }

  @Override
  public Object productElement(int n) {
    return node.productElement(n);
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof LossRowExpression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossRowExpression r && r.node.equals(node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }
}
