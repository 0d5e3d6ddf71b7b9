package io.losseval.core.loss;

import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Sample;

/**
 * Base of the losses with one value per sample that PyTorch reduces over samples: 'sum' is the sum
 * of per-sample losses and 'mean' that sum over the row count. Subclasses write only the per-sample
 * loss.
 */
abstract class PerSampleKernel extends LossKernel {
  private static final long serialVersionUID = 1L;

  protected PerSampleKernel(String function) {
    super(function);
  }

  /** The loss of one sample (PyTorch's reduction='none' value for that row). */
  protected abstract double loss(Sample s);

  @Override
  protected int sumCount() {
    return 1;
  }

  @Override
  protected void accumulate(Sample s, LossState state) {
    state.sum(0).add(loss(s));
  }

  @Override
  protected double mean(LossState state) {
    return state.sum(0).value() / state.rows();
  }

  @Override
  public boolean perSampleIsArray() {
    return false;
  }

  @Override
  public double perSample(Sample s) {
    return loss(s);
  }
}
