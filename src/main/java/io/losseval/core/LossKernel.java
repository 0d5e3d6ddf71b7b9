package io.losseval.core;

import java.io.Serializable;
import java.util.List;

/**
 * A loss with its options bound: it adds rows to a {@link LossState} and turns a state into a
 * reduction. Each loss supplies only its per-row kernel ({@link #accumulate}), the number of exact
 * sums it needs, its 'mean' expression and its per-row ('none') value; the row count, 'sum',
 * 'batchmean' and the empty case are common to all.
 *
 * <p>Kernels are immutable and may be shared between threads; per-row scratch space lives in the
 * {@link Sample}.
 */
public abstract class LossKernel implements Serializable {
  private static final long serialVersionUID = 1L;

  protected final String function;
  private LossState.Layout layout; // set once by LossDefinition.bind

  protected LossKernel(String function) {
    this.function = function;
  }

  /** Records the shapes and options this kernel was bound with; states carry them. */
  final void bindLayout(String shapes, LossOptions options) {
    layout =
        new LossState.Layout(
            function, "(" + shapes + ") " + options.canonical(), sumCount(), widthUnit());
  }

  /** The layout of this kernel's states: the loss, its argument shapes and option values. */
  public final LossState.Layout layout() {
    return layout;
  }

  /** The SQL / torch.nn.functional name of the loss. */
  public final String function() {
    return function;
  }

  /** How many exact sums this loss keeps per group. */
  protected abstract int sumCount();

  /** An empty state for this loss. */
  public final LossState newState() {
    return new LossState(layout);
  }

  /** Reads a state of this loss from {@link LossState#toBytes}. */
  public final LossState stateFromBytes(byte[] bytes) {
    return LossState.fromBytes(bytes, layout);
  }

  /**
   * Adds one row (one sample). Throws {@link LossDataException} for values the loss rejects,
   * including a row whose width ({@link #width}) differs from the group's earlier rows.
   */
  public final void add(Sample sample, LossState state) {
    int w = width(sample);
    if (w >= 0 && !state.admitWidth(w)) {
      throw widthMismatch(w, state);
    }
    accumulate(sample, state);
    state.addRows(1);
  }

  private LossDataException widthMismatch(int w, LossState state) {
    return dataError(
        0,
        "a row has "
            + w
            + " "
            + widthUnit()
            + " but earlier rows of its group"
            + " have "
            + state.width()
            + "; every row of a group must have the same number, as in"
            + " one PyTorch tensor");
  }

  /**
   * The row's width, which every row of a group must share: by default the length of the first
   * tensor argument (1 for scalar rows, the class count C or the array length D otherwise); a
   * negative width is unknown and not compared.
   */
  protected int width(Sample sample) {
    return sample.length(0);
  }

  /** What {@link #width} counts, for messages: "elements" unless a loss says "classes". */
  protected String widthUnit() {
    return "elements";
  }

  /**
   * Whether {@link #addBatch} may add many rows of scalar arguments at once (see {@link RowBatch});
   * false unless a kernel offers it.
   */
  public boolean batchesScalarRows() {
    return false;
  }

  /**
   * Adds {@code n} rows of scalar arguments at once: argument {@code a} of row {@code i} is {@code
   * s.values(a)[s.offset(a) + i]}. Only for kernels that {@link #batchesScalarRows()}.
   */
  public final void addBatch(Sample columns, int n, LossState state) {
    if (!state.admitWidth(1)) {
      throw dataError(
          0, "scalar rows cannot join a group of rows with " + state.width() + " " + widthUnit());
    }
    accumulateBatch(columns, n, state);
    state.addRows(n);
  }

  /** The kernel side of {@link #addBatch}: adds n rows' loss terms to the state's sums. */
  protected void accumulateBatch(Sample columns, int n, LossState state) {
    throw new UnsupportedOperationException(function + " does not add scalar rows in batches");
  }

  /**
   * Whether {@link #addArrayRows} may add many rows whose array arguments share one width at once;
   * false unless a kernel offers it.
   */
  public boolean batchesArrayRows() {
    return false;
  }

  /**
   * Adds {@code n} rows at once whose array arguments all have {@code width} values: an array
   * argument {@code a} of row {@code i} is {@code s.values(a)[s.offset(a) + i * width ...]} ({@code
   * width} values), a scalar one {@code s.values(a)[s.offset(a) + i]}. The state ends as if each
   * row had gone through {@link #add}. Only for kernels that {@link #batchesArrayRows()}.
   */
  public final void addArrayRows(Sample columns, int n, int width, LossState state) {
    if (n == 0) {
      return;
    }
    if (!state.admitWidth(width)) {
      throw widthMismatch(width, state);
    }
    accumulateArrayRows(columns, n, width, state);
    state.addRows(n);
  }

  /** The kernel side of {@link #addArrayRows}: adds n rows' loss terms to the state's sums. */
  protected void accumulateArrayRows(Sample columns, int n, int width, LossState state) {
    throw new UnsupportedOperationException(function + " does not add array rows in batches");
  }

  /** Adds one row's loss terms to the state's sums (the row count is kept by the caller). */
  protected abstract void accumulate(Sample sample, LossState state);

  /**
   * The reduced loss of a group: {@code null} for a group with no rows (SQL NULL); otherwise the
   * value PyTorch gives, NaN included (for example 'mean' when every target was ignored).
   */
  public final Double result(LossState state, Reduction reduction) {
    if (state.rows() == 0) {
      return null;
    }
    switch (reduction) {
      case SUM:
        return sum(state);
      case BATCHMEAN:
        return sum(state) / state.rows();
      case MEAN:
      default:
        return mean(state);
    }
  }

  /** PyTorch's 'sum': by default the first exact sum. */
  protected double sum(LossState state) {
    return state.sum(0).value();
  }

  /** PyTorch's 'mean' with this loss's own denominator. */
  protected abstract double mean(LossState state);

  /**
   * Whether {@link #perSampleArray} (true) or {@link #perSample} (false) gives PyTorch's 'none'.
   */
  public abstract boolean perSampleIsArray();

  /** PyTorch's reduction='none' value for one row, for losses with one value per sample. */
  public double perSample(Sample sample) {
    throw new UnsupportedOperationException(function + " gives one value per element");
  }

  /** PyTorch's reduction='none' values for one row, for elementwise losses over array rows. */
  public double[] perSampleArray(Sample sample) {
    throw new UnsupportedOperationException(function + " gives one value per sample");
  }

  /**
   * The length shared by arguments {@code 0 .. count-1} of a row (named {@code names}); a row where
   * they differ is a data error naming both arguments and both lengths.
   */
  protected final int commonLength(Sample s, List<String> names, int count) {
    int n = s.length(0);
    for (int a = 1; a < count; a++) {
      if (s.length(a) != n) {
        throw dataError(
            a,
            names.get(0)
                + " has "
                + n
                + " elements but "
                + names.get(a)
                + " has "
                + s.length(a)
                + "; "
                + String.join(", ", names.subList(0, count))
                + " must have the same length in a row");
      }
    }
    return n;
  }

  /** A data error whose message starts with the function name. */
  public final LossDataException dataError(int argument, String message) {
    return new LossDataException(argument, function + ": " + message);
  }
}
