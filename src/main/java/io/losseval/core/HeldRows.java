package io.losseval.core;

/**
 * What {@link RowBatch} and {@link ArrayRowBatch} share: rows of one state held until they are
 * added in one kernel call. Tracks the state and the count; a subclass keeps the rows' values and
 * adds them ({@link #addHeld}).
 */
abstract class HeldRows {
  private int size;
  private LossState target;

  /** Rows held now. */
  public final int size() {
    return size;
  }

  /** Whether a row of {@code state} may be held here (no other state's rows are held). */
  public final boolean accepts(LossState state) {
    return state == target || target == null;
  }

  /** Whether rows of {@code state} are held here, not yet added to it. */
  public final boolean holds(LossState state) {
    return state == target && size > 0;
  }

  /**
   * Counts the row written at {@link #size()} as a row of {@code state} ({@link #accepts} it), and
   * adds the rows when {@code capacity} are held.
   */
  final void hold(LossState state, int capacity) {
    target = state;
    if (++size == capacity) {
      flush();
    }
  }

  /** Counts one more row of the state whose rows are held (at least one is). */
  final void holdAnother(int capacity) {
    if (++size == capacity) {
      flush();
    }
  }

  /** Adds the rows held to their state, which may then be read; a data error can surface here. */
  public final void flush() {
    LossState t = target;
    int n = size;
    target = null;
    size = 0;
    if (t != null && n > 0) {
      addHeld(t, n);
    }
  }

  /** Adds the {@code n} rows held, written at indices {@code 0 .. n-1}, to {@code state}. */
  abstract void addHeld(LossState state, int n);
}
