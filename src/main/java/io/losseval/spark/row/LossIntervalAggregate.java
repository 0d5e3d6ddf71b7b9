package io.losseval.spark.row;

import io.losseval.core.LossDataException;
import io.losseval.core.interval.BucketedState;
import io.losseval.core.interval.Comparison;
import io.losseval.core.interval.Interval;
import io.losseval.core.interval.IntervalEstimator;
import io.losseval.core.interval.NoBounds;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The Spark aggregate behind {@code <loss>_ci} and {@code <loss>_compare}: a {@code
 * TypedImperativeAggregate} whose buffer is the core's {@link BucketedState}, a loss state per hash
 * bucket (and side). Rows are read as {@link LossAggregate} reads them, added to their bucket by
 * the call's {@link IntervalEstimator}, merged exactly and shipped in the state's versioned bytes;
 * the result is a struct (see {@link #INTERVAL_TYPE} and {@link #COMPARISON_TYPE}). Spark-internal
 * API, one source for Spark 3.5 to 4.2 (see {@link LossAggregate}).
 */
public final class LossIntervalAggregate extends LossAggregateBase<BucketedState> {
  private static final long serialVersionUID = 1L;

  /**
   * The last field of both results: why lower, upper and stderr are NULL ({@link NoBounds#text}),
   * NULL when they are given.
   */
  static final String NO_BOUNDS = "no_bounds";

  /** The result of {@code <loss>_ci}. */
  public static final StructType INTERVAL_TYPE =
      DataTypes.createStructType(
          new StructField[] {
            DataTypes.createStructField("value", DataTypes.DoubleType, true),
            DataTypes.createStructField("lower", DataTypes.DoubleType, true),
            DataTypes.createStructField("upper", DataTypes.DoubleType, true),
            DataTypes.createStructField("stderr", DataTypes.DoubleType, true),
            DataTypes.createStructField("rows", DataTypes.LongType, false),
            DataTypes.createStructField(NO_BOUNDS, DataTypes.StringType, true)
          });

  /** The result of {@code <loss>_compare}. */
  public static final StructType COMPARISON_TYPE =
      DataTypes.createStructType(
          new StructField[] {
            DataTypes.createStructField("candidate", DataTypes.DoubleType, true),
            DataTypes.createStructField("baseline", DataTypes.DoubleType, true),
            DataTypes.createStructField("difference", DataTypes.DoubleType, true),
            DataTypes.createStructField("lower", DataTypes.DoubleType, true),
            DataTypes.createStructField("upper", DataTypes.DoubleType, true),
            DataTypes.createStructField("stderr", DataTypes.DoubleType, true),
            DataTypes.createStructField("rows", DataTypes.LongType, false),
            DataTypes.createStructField(NO_BOUNDS, DataTypes.StringType, true)
          });

  private transient RowReader reader; // made on the first row of this instance (one task)

  LossIntervalAggregate(LossCall call, List<Expression> children, List<String> argumentSql) {
    this(new LossNode(call, children, argumentSql), 0, 0);
  }

  private LossIntervalAggregate(
      LossNode node, int mutableAggBufferOffset, int inputAggBufferOffset) {
    super(node, mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  LossIntervalAggregate copy(LossNode node, int mutableAggBufferOffset, int inputAggBufferOffset) {
    return new LossIntervalAggregate(node, mutableAggBufferOffset, inputAggBufferOffset);
  }

  private IntervalEstimator estimator() {
    return node().call.estimator;
  }

  @Override
  public BucketedState createAggregationBuffer() {
    return estimator().newState();
  }

  @Override
  public BucketedState update(BucketedState buffer, InternalRow input) {
    if (reader == null) {
      reader = node().newReader(false);
    }
    reader.add(input, buffer);
    return buffer;
  }

  @Override
  void mergeInto(BucketedState buffer, BucketedState input) {
    buffer.merge(input);
  }

  @Override
  public Object eval(BucketedState buffer) {
    try {
      if (estimator().paired()) {
        Comparison c = estimator().comparison(buffer);
        return new GenericInternalRow(
            new Object[] {
              c.candidate(),
              c.baseline(),
              c.difference(),
              c.lower(),
              c.upper(),
              c.stderr(),
              c.rows(),
              text(c.noBounds())
            });
      }
      Interval i = estimator().interval(buffer);
      return new GenericInternalRow(
          new Object[] {i.value(), i.lower(), i.upper(), i.stderr(), i.rows(), text(i.noBounds())});
    } catch (LossDataException e) {
      throw node().located(e);
    }
  }

  private static UTF8String text(NoBounds reason) {
    return reason == null ? null : UTF8String.fromString(reason.text());
  }

  @Override
  public byte[] serialize(BucketedState buffer) {
    return buffer.toBytes();
  }

  @Override
  BucketedState stateFromBytes(byte[] bytes) {
    return estimator().stateFromBytes(bytes);
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public DataType dataType() {
    return estimator().paired() ? COMPARISON_TYPE : INTERVAL_TYPE;
  }
}
