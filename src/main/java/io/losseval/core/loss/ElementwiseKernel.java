package io.losseval.core.loss;

import io.losseval.core.ArgumentKind;
import io.losseval.core.Binding;
import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Sample;
import java.util.List;

/**
 * Base of the elementwise losses (PyTorch's {@code (*)}-shaped ones): the array arguments of a row
 * have the same number of elements, the loss is a function of the elements at one position, and
 * 'mean' divides by the number of elements. A number given beside arrays (gaussian_nll_loss's
 * {@code var}) applies to every element of its row, as PyTorch broadcasts a size-1 dimension.
 * Subclasses write only that function, as a loop.
 */
abstract class ElementwiseKernel extends LossKernel {
  private static final long serialVersionUID = 1L;

  private final List<String> argumentNames;
  private final boolean arrayRows;

  /** Arguments 0 .. elementArguments-1 hold the row's elements; any after them one number. */
  private final int elementArguments;

  protected ElementwiseKernel(Binding binding) {
    super(binding.function());
    this.argumentNames = binding.argumentNames();
    this.arrayRows = binding.kind(0) == ArgumentKind.ARRAY;
    int n = binding.kinds().size();
    if (arrayRows) {
      n = 0;
      while (n < binding.kinds().size() && binding.kind(n) == ArgumentKind.ARRAY) {
        n++;
      }
    }
    this.elementArguments = n;
  }

  /**
   * Writes the loss of positions {@code 0 .. n-1} of the row into {@code out[0 .. n)}; argument
   * {@code a}'s value at position {@code i} is {@code s.values(a)[s.offset(a) + i]}.
   */
  protected abstract void losses(Sample s, int n, double[] out);

  /** Whether rows hold arrays (otherwise scalars). */
  protected final boolean arrayRows() {
    return arrayRows;
  }

  @Override
  protected int sumCount() {
    return 1;
  }

  @Override
  protected void accumulate(Sample s, LossState state) {
    if (!arrayRows) {
      // Scalar rows (the common regression case): one element, no length check or loop.
      double[] out = s.scratch(1);
      losses(s, 1, out);
      state.sum(0).add(out[0]);
      state.addElements(1);
      return;
    }
    int n = commonLength(s);
    double[] out = s.scratch(n);
    losses(s, n, out);
    state.sum(0).addAll(out, 0, n, s.sumBuckets());
    state.addElements(n);
  }

  /**
   * Scalar rows batch: n rows of one element each are exactly the n positions of one row, since an
   * elementwise loss depends only on the elements at a position. A loss whose value depends on the
   * position or on n (an option indexed by position, say) must return false here.
   */
  @Override
  public boolean batchesScalarRows() {
    return !arrayRows;
  }

  @Override
  protected void accumulateBatch(Sample columns, int n, LossState state) {
    double[] out = columns.scratch(n);
    losses(columns, n, out);
    state.sum(0).addAll(out, 0, n, columns.sumBuckets());
    state.addElements(n);
  }

  @Override
  protected double mean(LossState state) {
    return state.sum(0).value() / state.elements();
  }

  @Override
  public boolean perSampleIsArray() {
    return arrayRows;
  }

  @Override
  public double perSample(Sample s) {
    double[] out = s.scratch(1);
    // Only scalar rows have one value per sample, and they have one element: no length check.
    losses(s, 1, out);
    return out[0];
  }

  @Override
  public double[] perSampleArray(Sample s) {
    int n = commonLength(s);
    double[] out = new double[n];
    losses(s, n, out);
    return out;
  }

  private int commonLength(Sample s) {
    return commonLength(s, argumentNames, elementArguments);
  }
}
