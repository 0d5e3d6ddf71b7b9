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
 * <p>This is Spark-internal API (Catalyst expressions), one source for Spark 3.5 to 4.2; it,
 * {@link LossRowExpression}, {@link LossNode} and {@link SqlFunctionRegistry} are the only classes
 * that touch it, with {@link LossCall} and {@link InputReader} for reading Catalyst's rows.
 *
 * <p>Scalar rows of an elementwise loss go through a {@link RowBatch}: a partition without
 * GROUP BY, or a group of sorted input, becomes a few kernel calls over 512 rows each. The batch
 * belongs to this instance (one task), which adds the rows it holds for a state before that state
 * is merged, evaluated or serialized.
 */
public final class LossAggregate extends TypedImperativeAggregate<LossState>
    implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final LossNode node;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;
  private transient Sample sample;
  private transient UnsafeProjection projection; // computed arguments; null if all are columns
  private transient RowBatch batch; // null unless the kernel adds scalar rows in batches

  LossAggregate(LossCall call, List<Expression> children, List<String> argumentSql) {
    this(new LossNode(call, children, argumentSql), 0, 0);
  }

  private LossAggregate(LossNode node, int mutableAggBufferOffset, int inputAggBufferOffset) {
    this.node = node;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  private LossCall call() {
    return node.call;
  }

  /** The call, its children and their SQL, for the columnar partial aggregation. */
  LossNode node() {
    return node;
  }

  @Override
  public LossState createAggregationBuffer() {
    return call().kernel.newState();
  }

  @Override
  public LossState update(LossState buffer, InternalRow input) {
    LossCall call = call();
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
      throw node.located(e);
    }
    return buffer;
  }

  /** Adds the rows the batch holds for {@code state}; a data error can surface here. */
  private void settle(LossState state) {
    if (batch != null && batch.holds(state)) {
      try {
        batch.flush();
      } catch (LossDataException e) {
        throw node.located(e);
      }
    }
  }

  @Override
  public LossState merge(LossState buffer, LossState input) {
    settle(buffer);
    settle(input);
    try {
      buffer.merge(input);
    } catch (LossDataException e) {
      throw node.located(e);
    }
    return buffer;
  }

  @Override
  public Object eval(LossState buffer) {
    settle(buffer);
    return call().kernel.result(buffer, call().reduction);
  }

  @Override
  public byte[] serialize(LossState buffer) {
    settle(buffer);
    return buffer.toBytes();
  }

  @Override
  public LossState deserialize(byte[] bytes) {
    return call().kernel.stateFromBytes(bytes);
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
    return node.children;
  }

  // Catalyst's IndexedSeq is scala.collection.immutable's on Scala 2.13 and scala.collection's on
  // 2.12: one of these two overloads overrides Spark's method on each line (hence no @Override).
  public Expression withNewChildrenInternal(
      scala.collection.immutable.IndexedSeq<Expression> newChildren) {
    return new LossAggregate(node.withChildren(newChildren), mutableAggBufferOffset,
        inputAggBufferOffset);
  }

  public Expression withNewChildrenInternal(scala.collection.IndexedSeq<Expression> newChildren) {
    return new LossAggregate(node.withChildren(newChildren), mutableAggBufferOffset,
        inputAggBufferOffset);
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
    return new LossAggregate(node, offset, inputAggBufferOffset);
  }

  @Override
  public ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return new LossAggregate(node, mutableAggBufferOffset, offset);
  }

  @Override
  public String sql(boolean isDistinct) {
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
    return that instanceof LossAggregate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossAggregate a && a.node.equals(node)
        && a.mutableAggBufferOffset == mutableAggBufferOffset
        && a.inputAggBufferOffset == inputAggBufferOffset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(node, mutableAggBufferOffset, inputAggBufferOffset);
  }
}
