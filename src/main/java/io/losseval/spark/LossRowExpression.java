package io.losseval.spark;

import io.losseval.core.LossDataException;
import io.losseval.core.Sample;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.Seq;

/**
 * The per-row form of a loss ({@code <loss>_none}): PyTorch's {@code reduction='none'} value of
 * each row, a double for losses with one value per sample and for scalar rows, an array of doubles
 * for elementwise losses over array rows. NULL when any argument is NULL. Spark-internal API,
 * checked against Spark 4.2.0.
 */
public final class LossRowExpression extends Expression
    implements CodegenFallback, java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final LossCall call;
  private final Seq<Expression> children;
  private final List<String> argumentSql;
  private transient Sample sample;
  private transient UnsafeProjection projection; // computed arguments; null if all are columns

  LossRowExpression(LossCall call, Seq<Expression> children, List<String> argumentSql) {
    this.call = call;
    this.children = children;
    this.argumentSql = List.copyOf(argumentSql);
  }

  @Override
  public Object eval(InternalRow input) {
    if (sample == null) {
      sample = call.newSample();
      projection = call.newProjection();
    }
    if (!call.read(input, projection, sample)) {
      return null;
    }
    try {
      if (call.kernel.perSampleIsArray()) {
        return UnsafeArrayData.fromPrimitiveArray(call.kernel.perSampleArray(sample));
      }
      return call.kernel.perSample(sample);
    } catch (LossDataException e) {
      throw call.withColumn(e, argumentSql);
    }
  }

  @Override
  public org.apache.spark.sql.catalyst.expressions.codegen.ExprCode doGenCode(
      org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext ctx,
      org.apache.spark.sql.catalyst.expressions.codegen.ExprCode ev) {
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
    return call.kernel.perSampleIsArray()
        ? DataTypes.createArrayType(DataTypes.DoubleType, false)
        : DataTypes.DoubleType;
  }

  @Override
  public Seq<Expression> children() {
    return children;
  }

  // Catalyst's IndexedSeq is scala.collection.immutable's on Scala 2.13 and scala.collection's on
  // 2.12: one of these two overloads overrides Spark's method on each line (hence no @Override).
  public Expression withNewChildrenInternal(
      scala.collection.immutable.IndexedSeq<Expression> newChildren) {
    return withChildren(newChildren);
  }

  public Expression withNewChildrenInternal(scala.collection.IndexedSeq<Expression> newChildren) {
    return withChildren(newChildren);
  }

  private LossRowExpression withChildren(scala.collection.Seq<Expression> newChildren) {
    List<Expression> list = ScalaSeqs.toList(newChildren);
    return new LossRowExpression(call.withChildren(list), ScalaSeqs.toSeq(list),
        argumentSql);
  }

  @Override
  public String sql() {
    return call.sql(children);
  }

  @Override
  public String prettyName() {
    return call.function;
  }

  @Override
  public String nodeName() {
    return call.function;
  }

  @Override
  public int productArity() {
    return children.size();
  }

  @Override
  public Object productElement(int n) {
    return children.apply(n);
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof LossRowExpression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossRowExpression r && r.call.signature.equals(call.signature)
        && r.children.equals(children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(call.signature, children);
  }
}
