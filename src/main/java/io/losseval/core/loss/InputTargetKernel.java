package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;

/**
 * Base of the elementwise losses of two tensors, an input {@code x} and a target {@code y}:
 * subclasses write only their loop over the two slices of a row.
 */
abstract class InputTargetKernel extends ElementwiseKernel {
  private static final long serialVersionUID = 1L;

  protected InputTargetKernel(Binding binding) {
    super(binding);
  }

  @Override
  protected final void losses(Sample s, int n, double[] out) {
    losses(s.values(0), s.offset(0), s.values(1), s.offset(1), n, out);
  }

  /**
   * Writes the loss of {@code x[xo + i]} against {@code y[yo + i]} into {@code out[i]}, for {@code
   * i < n}.
   */
  protected abstract void losses(double[] x, int xo, double[] y, int yo, int n, double[] out);
}
