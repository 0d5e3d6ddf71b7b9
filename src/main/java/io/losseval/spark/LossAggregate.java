package io.losseval.spark;

import io.losseval.core.LossDataException;
import io.losseval.core.LossState;
import io.losseval.core.LossStateException;
import io.losseval.core.RowBatch;
import io.losseval.core.Sample;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The Spark aggregate behind every loss: a {@code TypedImperativeAggregate} whose buffer is the
 * core's {@link LossState}. It reads each row's arguments straight from Spark's internal row (no
 * encoder, no object per row), lets the bound kernel add the row, merges states exactly, and ships
 * them between stages in the state's compact versioned bytes.
 *
 * <p>This is Spark-internal API (Catalyst expressions), one source for Spark 3.5 to 4.2; it, {@link
 * LossAggregateBase}, {@link LossIntervalAggregate}, {@link LossRowExpression}, {@link LossNode}
 * and {@link SqlFunctionRegistry} are the only classes that touch it, with {@link LossCall} and
 * {@link InputReader} for reading Catalyst's rows.
 *
 * <p>Scalar rows of an elementwise loss go through a {@link RowBatch}: a partition without GROUP
 * BY, or a group of sorted input, becomes a few kernel calls over 512 rows each. The batch belongs
 * to this instance (one task), which adds the rows it holds for a state before that state is
 * merged, evaluated or serialized.
 */
public final class LossAggregate extends LossAggregateBase<LossState> {
  private static final long serialVersionUID = 1L;

  private transient Sample sample;
  private transient UnsafeProjection projection; // computed arguments; null if all are columns
  private transient RowBatch batch; // null unless the kernel adds scalar rows in batches

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
      throw node().located(e);
    }
    return buffer;
  }

  /** Adds the rows the batch holds for {@code state}; a data error can surface here. */
  private void settle(LossState state) {
    if (batch != null && batch.holds(state)) {
      try {
        batch.flush();
      } catch (LossDataException e) {
        throw node().located(e);
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
      throw node().located(e);
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
    try {
      return call().kernel.stateFromBytes(bytes);
    } catch (LossStateException e) {
      throw StreamingStateErrors.inContext(e);
    }
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
