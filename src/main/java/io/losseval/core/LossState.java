package io.losseval.core;

import java.nio.ByteBuffer;

/**
 * The mergeable partial state of one loss over one group of rows: the number of rows, a count of
 * loss elements, and a loss-specific number of exact sums. Every loss shares this one shape; a
 * {@link LossKernel} decides what its sums mean and how they become a reduction.
 *
 * <p>Mutable and not thread-safe, like an accumulator: one partition updates one state, and
 * states are combined with {@link #merge}, whose result does not depend on the merge order.
 */
public final class LossState {
  private static final byte SERIAL_VERSION = 1;

  private long rows;
  private long elements;
  private final ExactSum[] sums;
  private RowBatch held; // a batch holding rows of this state, added before the state is read

  /** An empty state with {@code sumCount} exact sums. */
  public LossState(int sumCount) {
    sums = new ExactSum[sumCount];
    for (int k = 0; k < sumCount; k++) {
      sums[k] = new ExactSum();
    }
  }

  /** Number of rows (samples) added. */
  public long rows() {
    settle();
    return rows;
  }

  /** Number of loss elements added (the element count PyTorch's elementwise 'mean' divides by). */
  public long elements() {
    settle();
    return elements;
  }

  /** The exact sum in slot {@code k}. */
  public ExactSum sum(int k) {
    settle();
    return sums[k];
  }

  void holdFor(RowBatch batch) {
    held = batch;
  }

  /** Adds rows a batch still holds for this state. */
  private void settle() {
    if (held != null) {
      held.flush();
    }
  }

  /** Number of exact sums. */
  public int sumCount() {
    return sums.length;
  }

  void addRows(long n) {
    rows += n;
  }

  /** Adds {@code n} loss elements (the count an elementwise 'mean' divides by). */
  public void addElements(long n) {
    elements += n;
  }

  /** Adds everything {@code other} holds into this state. */
  public void merge(LossState other) {
    settle();
    other.settle();
    if (other.sums.length != sums.length) {
      throw new IllegalArgumentException(
          "cannot merge loss states with " + other.sums.length + " and " + sums.length + " sums");
    }
    rows += other.rows;
    elements += other.elements;
    for (int k = 0; k < sums.length; k++) {
      sums[k].merge(other.sums[k]);
    }
  }

  /** Compact, versioned bytes: version, rows, elements, sum count, then each sum. */
  public byte[] toBytes() {
    settle();
    int size = 1 + 8 + 8 + 1;
    for (ExactSum s : sums) {
      size += s.serializedSize();
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(SERIAL_VERSION).putLong(rows).putLong(elements).put((byte) sums.length);
    for (ExactSum s : sums) {
      s.writeTo(out);
    }
    return out.array();
  }

  /** Reads what {@link #toBytes} wrote. */
  public static LossState fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    if (version != SERIAL_VERSION) {
      throw new IllegalArgumentException("unsupported LossState serial version " + version);
    }
    long rows = in.getLong();
    long elements = in.getLong();
    int count = in.get();
    LossState state = new LossState(0, count);
    state.rows = rows;
    state.elements = elements;
    for (int k = 0; k < count; k++) {
      state.sums[k] = ExactSum.readFrom(in);
    }
    return state;
  }

  private LossState(int unused, int sumCount) {
    sums = new ExactSum[sumCount];
  }
}
