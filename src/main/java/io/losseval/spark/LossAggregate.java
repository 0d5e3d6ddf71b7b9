package io.losseval.spark;

import io.losseval.core.LossDataException;
import io.losseval.core.LossState;
import io.losseval.core.RowBatch;
import io.losseval.core.Sample;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import org.apache.spark.sql.catalyst.expressions.aggregate.TypedImperativeAggregate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.Seq;

/**
 * The Spark aggregate behind every loss: a {@code TypedImperativeAggregate} whose buffer is the
 * core's {@link LossState}. It reads each row's arguments straight from Spark's internal row (no
 * encoder, no object per row), lets the bound kernel add the row, merges states exactly, and ships
 * them between stages in the state's compact versioned bytes.
 *
 * <p>This is Spark-internal API (Catalyst expressions), checked against Spark 4.2.0; it and
 * {@link LossRowExpression} and {@link SqlFunctionRegistry} are the only classes that touch it, with
 * {@link LossCall} and {@link InputReader} for reading Catalyst's rows (including the generated
 * {@code UnsafeProjection} of computed arguments).
 *
 * <p>Scalar rows of an elementwise loss go through a {@link RowBatch}: a partition without
 * GROUP BY, or a group of sorted input, becomes a few kernel calls over 512 rows each.
 */
public final class LossAggregate extends TypedImperativeAggregate<LossState>
    implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final LossCall call;
  private final Seq<Expression> children;
  private final List<String> argumentSql;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;
  private transient Sample sample;
  private transient UnsafeProjection projection; // computed arguments; null if all are columns
  private transient RowBatch batch; // null unless the kernel adds scalar rows in batches

  LossAggregate(LossCall call, Seq<Expression> children, List<String> argumentSql,
      int mutableAggBufferOffset, int inputAggBufferOffset) {
    this.call = call;
    this.children = children;
    this.argumentSql = List.copyOf(argumentSql);
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  @Override
  public LossState createAggregationBuffer() {
    return call.kernel.newState();
  }

  @Override
  public LossState update(LossState buffer, InternalRow input) {
    if (sample == null) {
      sample = call.newSample();
      projection = call.newProjection();
      batch = call.newBatch();
    }
    try {
      // Rows of one state (a whole partition without GROUP BY, a group in sorted input) go
      // through the batch; rows of other states are added one by one.
      if (batch != null && batch.accepts(buffer)) {
        if (call.read(input, projection, batch)) {
          batch.commit(buffer);
        }
      } else if (call.read(input, projection, sample)) {
        call.kernel.add(sample, buffer);
      }
    } catch (LossDataException e) {
      throw located(e);
    }
    return buffer;
  }

  // A batch may add held rows when the state is read (merge, eval, serialize), so data errors
  // can surface there too.

  @Override
  public LossState merge(LossState buffer, LossState input) {
    try {
      buffer.merge(input);
    } catch (LossDataException e) {
      throw located(e);
    }
    return buffer;
  }

  @Override
  public Object eval(LossState buffer) {
    try {
      return call.kernel.result(buffer, call.reduction);
    } catch (LossDataException e) {
      throw located(e);
    }
  }

  @Override
  public byte[] serialize(LossState buffer) {
    try {
      return buffer.toBytes();
    } catch (LossDataException e) {
      throw located(e);
    }
  }

  @Override
  public LossState deserialize(byte[] bytes) {
    return LossState.fromBytes(bytes);
  }

  private LossDataException located(LossDataException e) {
    return call.withColumn(e, argumentSql);
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public DataType dataType() {
    return DataTypes.DoubleType;
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

  private LossAggregate withChildren(scala.collection.Seq<Expression> newChildren) {
    List<Expression> list = ScalaSeqs.toList(newChildren);
    return new LossAggregate(call.withChildren(list), ScalaSeqs.toSeq(list),
        argumentSql, mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  public int mutableAggBufferOffset() {
    return mutableAggBufferOffset;
  }

  @Override
  public int inputAggBufferOffset() {
    return inputAggBufferOffset;
  }

  @Override
  public ImperativeAggregate withNewMutableAggBufferOffset(int offset) {
    return new LossAggregate(call, children, argumentSql, offset, inputAggBufferOffset);
  }

  @Override
  public ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return new LossAggregate(call, children, argumentSql, mutableAggBufferOffset, offset);
  }

  @Override
  public String sql(boolean isDistinct) {
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
    return that instanceof LossAggregate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossAggregate a && a.call.signature.equals(call.signature)
        && a.children.equals(children) && a.mutableAggBufferOffset == mutableAggBufferOffset
        && a.inputAggBufferOffset == inputAggBufferOffset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(call.signature, children, mutableAggBufferOffset, inputAggBufferOffset);
  }
}
