package io.losseval.spark.row;

import io.losseval.core.LossDataException;
import io.losseval.core.LossStateException;
import io.losseval.spark.internal.TreeNodes;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import scala.collection.immutable.Seq;

/**
 * What every loss aggregate is to Catalyst, in one place: a {@code TypedImperativeAggregate} over a
 * buffer of type {@code S}, whose call and children a {@link LossNode} holds, with Spark's two
 * buffer offsets, copies over new children or offsets, and the node's name, SQL, product view and
 * equality. {@link LossAggregate} (the loss) and {@link LossIntervalAggregate} (its interval or
 * comparison) add only what they compute. Spark-internal API, one source for Spark 3.5 to 4.2.
 */
abstract class LossAggregateBase<S> extends TreeNodes.AggregateNode<S> {
  private static final long serialVersionUID = 1L;

  private final LossNode node;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;

  LossAggregateBase(LossNode node, int mutableAggBufferOffset, int inputAggBufferOffset) {
    this.node = node;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  /** The same aggregate over {@code node} with the given buffer offsets. */
  abstract LossAggregateBase<S> copy(
      LossNode node, int mutableAggBufferOffset, int inputAggBufferOffset);

  /** The call, its children and their SQL. */
  final LossNode node() {
    return node;
  }

  @Override
  public final Seq<Expression> children() {
    return node.children;
  }

  @Override
  protected final Expression withChildren(List<Expression> newChildren) {
    return copy(node.withChildren(newChildren), mutableAggBufferOffset, inputAggBufferOffset);
  }

  /**
   * This aggregate's loss over {@code children}, another operator's references to its arguments
   * (the tensors, then a key), as the columnar path reads it.
   */
  public final BoundLoss bind(List<Expression> children) {
    return node.withChildren(children);
  }

  /** Adds what this instance still holds for {@code state}, before the state is read; none here. */
  void settle(S state) {}

  /** Merges {@code input} into {@code buffer} exactly. */
  abstract void mergeInto(S buffer, S input);

  /** {@code buffer} with {@code input} merged in; a data error names its column. */
  @Override
  public final S merge(S buffer, S input) {
    settle(buffer);
    settle(input);
    try {
      mergeInto(buffer, input);
    } catch (LossDataException e) {
      throw node.located(e);
    }
    return buffer;
  }

  /**
   * The state that {@code bytes} (from {@code serialize}) hold; a {@link LossStateException} if
   * none.
   */
  abstract S stateFromBytes(byte[] bytes);

  /**
   * The state that {@code bytes} hold; one that cannot be read fails with a message that, in a
   * streaming query, names the query and its checkpoint ({@link StreamingStateErrors}).
   */
  @Override
  public final S deserialize(byte[] bytes) {
    try {
      return stateFromBytes(bytes);
    } catch (LossStateException e) {
      throw StreamingStateErrors.inContext(e);
    }
  }

  @Override
  public final int mutableAggBufferOffset() {
    return mutableAggBufferOffset;
  }

  @Override
  public final int inputAggBufferOffset() {
    return inputAggBufferOffset;
  }

  @Override
  public final ImperativeAggregate withNewMutableAggBufferOffset(int offset) {
    return copy(node, offset, inputAggBufferOffset);
  }

  @Override
  public final ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return copy(node, mutableAggBufferOffset, offset);
  }

  @Override
  public final String sql(boolean isDistinct) {
    return node.sql();
  }

  @Override
  public final String prettyName() {
    return node.name();
  }

  @Override
  public final String nodeName() {
    return node.name();
  }

  @Override
  public final int productArity() {
    return node.productArity();
  }

  @Override
  public final Object productElement(int n) {
    return node.productElement(n);
  }

  @Override
  public final boolean canEqual(Object that) {
    return that != null && that.getClass() == getClass();
  }

  /** The same kind of aggregate, call and children, at the same offsets. */
  @Override
  public final boolean equals(Object o) {
    return canEqual(o)
        && ((LossAggregateBase<?>) o).node.equals(node)
        && ((LossAggregateBase<?>) o).mutableAggBufferOffset == mutableAggBufferOffset
        && ((LossAggregateBase<?>) o).inputAggBufferOffset == inputAggBufferOffset;
  }

  @Override
  public final int hashCode() {
    return Objects.hash(getClass(), node, mutableAggBufferOffset, inputAggBufferOffset);
  }
}
