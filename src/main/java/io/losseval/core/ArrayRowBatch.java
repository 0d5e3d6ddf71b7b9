package io.losseval.core;

/**
 * Rows of one state whose array arguments share one width, gathered into one flat array per
 * argument and added in one kernel call ({@link LossKernel#addArrayRows}), for a loss that accepts
 * it ({@link LossKernel#batchesArrayRows()}: {@code cross_entropy} and {@code nll_loss} with
 * class-index targets). An adapter reads a row into a {@link Sample} and {@link #add}s it; the
 * batch copies the row's values. The adapter owns the batch and {@link #flush}es it before it
 * reads, merges or serializes a state the batch {@link #holds}, so results, merges and bytes are
 * those of adding row by row (exact sums do not depend on the order of additions).
 *
 * <p>Errors are those of adding row by row, with the same message: a row whose width differs from
 * the held rows' flushes them and goes to {@link LossKernel#add} at once, which reports the
 * mismatch there; the held rows' own errors (a target out of range) surface when they are flushed,
 * and an adapter that fails to read a row flushes first, so that an earlier row's error comes
 * first, as row by row.
 *
 * <p>One batch serves one thread and holds rows of one state at a time; rows of other states are
 * added directly by the caller (see {@link #accepts}).
 */
public final class ArrayRowBatch extends HeldRows {
  /** Rows held at most before they are added, as in {@link RowBatch}. */
  public static final int CAPACITY = RowBatch.CAPACITY;

  /**
   * Values of one array argument held at most (512 KiB): wide rows flush after fewer rows, and a
   * row wider than this is added alone.
   */
  public static final int VALUE_CAPACITY = 1 << 16;

  private final LossKernel kernel;
  private final boolean[] isArray;
  private final int[] arrays; // the array arguments
  private final int[] numbers; // the number arguments
  private final boolean arrayThenNumber; // an array argument, then a number argument
  private final double[][] buffers; // per argument: rows' values back to back, or one per row
  private final Sample columns;
  private int width; // of the held rows' arrays
  private int rowsFit; // rows of this width held at most: CAPACITY, fewer when wide

  /**
   * A batch for {@code kernel}'s rows, where {@code isArray[a]} says whether argument {@code a} is
   * an array (else a number); at least one must be.
   */
  public ArrayRowBatch(LossKernel kernel, boolean[] isArray) {
    if (!kernel.batchesArrayRows()) {
      throw new IllegalArgumentException(kernel.function() + " does not add array rows in batches");
    }
    int count = 0;
    for (boolean a : isArray) {
      count += a ? 1 : 0;
    }
    if (count == 0) {
      throw new IllegalArgumentException(kernel.function() + ": no array argument to batch");
    }
    this.kernel = kernel;
    this.isArray = isArray.clone();
    this.arrayThenNumber = isArray.length == 2 && isArray[0] && !isArray[1];
    this.arrays = new int[count];
    this.numbers = new int[isArray.length - count];
    this.buffers = new double[isArray.length][];
    for (int a = 0, i = 0, j = 0; a < isArray.length; a++) {
      if (isArray[a]) {
        arrays[i++] = a;
        buffers[a] = new double[0]; // sized for the first row's width
      } else {
        numbers[j++] = a;
        buffers[a] = new double[CAPACITY];
      }
    }
    this.columns = new Sample(isArray.length);
  }

  /**
   * Adds the row {@code row} holds to {@code state} (which this batch {@link #accepts}): held with
   * the rows of its width, or, when its arrays differ in length or are too long for the batch,
   * after the held rows through {@link LossKernel#add} (which reports a row the loss rejects).
   */
  public void add(Sample row, LossState state) {
    if (arrayThenNumber && size() > 0) {
      // The common case (logits and a class index) of a row like the held ones, with few loads:
      // the general path below costs about a third of the kernel's time a row more.
      int w = row.length(0);
      if (w == width && row.width(0) == 1) {
        int at = size();
        System.arraycopy(row.values(0), row.offset(0), buffers[0], at * w, w);
        buffers[1][at] = row.scalar(1);
        holdAnother(rowsFit); // state is the one held: rows are held, and it accepts
        return;
      }
    }
    int w = row.length(arrays[0]);
    boolean alone = w > VALUE_CAPACITY;
    for (int a : arrays) {
      alone |= row.length(a) != w || row.width(a) != 1;
    }
    if (alone || (size() > 0 && w != width)) {
      // Held rows first: they precede this row, whose width (or shape) the kernel judges.
      flush();
      kernel.add(row, state);
      return;
    }
    if (size() == 0) {
      width = w;
      rowsFit = Math.min(CAPACITY, w == 0 ? CAPACITY : VALUE_CAPACITY / w);
      for (int a : arrays) {
        if (buffers[a].length < rowsFit * w) {
          buffers[a] = new double[rowsFit * w];
        }
      }
    }
    int at = size();
    for (int a : arrays) {
      System.arraycopy(row.values(a), row.offset(a), buffers[a], at * w, w);
    }
    for (int a : numbers) {
      buffers[a][at] = row.scalar(a);
    }
    hold(state, rowsFit);
  }

  @Override
  void addHeld(LossState state, int n) {
    for (int a = 0; a < isArray.length; a++) {
      if (isArray[a]) {
        columns.set(a, buffers[a], 0, n * width, width);
      } else {
        columns.set(a, buffers[a], 0, n, 1);
      }
    }
    kernel.addArrayRows(columns, n, width, state);
  }
}
