package io.losseval.core;

/**
 * Scalar rows of one state, buffered column by column and added in one kernel call: for a loss that
 * accepts it ({@link LossKernel#batchesScalarRows()}), the per-row work becomes a loop over up to
 * {@link #CAPACITY} values. An adapter writes a row's arguments at {@link #size()} in each {@link
 * #column} and {@link #commit}s it. The adapter owns the batch and {@link #flush}es it before it
 * reads, merges or serializes a state the batch {@link #holds}, so results, merges and bytes are
 * those of adding row by row (exact sums do not depend on the order of additions).
 *
 * <p>One batch serves one thread and holds rows of one state at a time; rows of other states are
 * added directly by the caller (see {@link #accepts}).
 */
public final class RowBatch extends HeldRows {
  /** Rows held at most before they are added: large enough for a tight loop, small for caches. */
  public static final int CAPACITY = 512;

  private final LossKernel kernel;
  private final Sample sample;
  private final double[][] columns;

  public RowBatch(LossKernel kernel, int arguments) {
    if (!kernel.batchesScalarRows()) {
      throw new IllegalArgumentException(
          kernel.function() + " does not add scalar rows in batches");
    }
    this.kernel = kernel;
    this.sample = new Sample(arguments);
    this.columns = new double[arguments][CAPACITY];
  }

  /** Where argument {@code arg} of the next row goes: index {@link #size()}. */
  public double[] column(int arg) {
    return columns[arg];
  }

  /** Takes the row written at {@link #size()} as a row of {@code state} ({@link #accepts} it). */
  public void commit(LossState state) {
    hold(state, CAPACITY);
  }

  @Override
  void addHeld(LossState state, int n) {
    for (int a = 0; a < columns.length; a++) {
      sample.set(a, columns[a], 0, n, 1);
    }
    kernel.addBatch(sample, n, state);
  }
}
