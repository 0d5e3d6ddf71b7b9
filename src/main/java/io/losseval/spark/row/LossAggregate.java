package io.losseval.spark.row;

import io.losseval.core.LossState;
import io.losseval.core.RowBatch;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The Spark aggregate behind every loss: a {@code TypedImperativeAggregate} whose buffer is the
 * core's {@link LossState}. It reads each row's arguments straight from Spark's internal row (no
 * encoder, no object per row), lets the bound kernel add the row, merges states exactly, and ships
 * them between stages in the state's compact versioned bytes.
 *
 * <p>This is Spark-internal API (a Catalyst expression), one source for Spark 3.5 to 4.2. Rows are
 * read by a {@link RowReader}: scalar rows of an elementwise loss go through a {@link RowBatch}, so
 * a partition without GROUP BY, or a group of sorted input, becomes a few kernel calls over 512
 * rows each. The reader belongs to this instance (one task), which adds the rows it holds for a
 * state before that state is merged, evaluated or serialized.
 */
public final class LossAggregate extends LossAggregateBase<LossState> {
  private static final long serialVersionUID = 1L;

  private transient RowReader reader; // made on the first row of this instance (one task)

  LossAggregate(LossCall call, List<Expression> children, List<String> argumentSql) {
    this(new LossNode(call, children, argumentSql), 0, 0);
  }

  private LossAggregate(LossNode node, int mutableAggBufferOffset, int inputAggBufferOffset) {
    super(node, mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  LossAggregate copy(LossNode node, int mutableAggBufferOffset, int inputAggBufferOffset) {
    return new LossAggregate(node, mutableAggBufferOffset, inputAggBufferOffset);
  }

  private LossCall call() {
    return node().call;
  }

  @Override
  public LossState createAggregationBuffer() {
    return call().kernel.newState();
  }

  @Override
  public LossState update(LossState buffer, InternalRow input) {
    if (reader == null) {
      reader = node().newReader(true);
    }
    reader.add(input, buffer);
    return buffer;
  }

  /** Adds the rows the reader's batch holds for {@code state}; a data error can surface here. */
  @Override
  void settle(LossState state) {
    if (reader != null) {
      reader.settle(state);
    }
  }

  @Override
  void mergeInto(LossState buffer, LossState input) {
    buffer.merge(input);
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
  LossState stateFromBytes(byte[] bytes) {
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
}
