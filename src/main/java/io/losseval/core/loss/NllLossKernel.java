package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import java.util.List;

/**
 * {@code nll_loss}: PyTorch's NLLLoss, {@code -w[y] x[y]} for a row of C log-probabilities and a
 * class-index target, with no log_softmax and no clamping. 'mean' divides by the summed weight of
 * the non-ignored targets (NaN when all are ignored), as {@link ClassIndexKernel} does for
 * cross_entropy too.
 */
public final class NllLossKernel extends ClassIndexKernel {
  private static final long serialVersionUID = 1L;

  public static final LossDefinition DEFINITION = new LossDefinition("nll_loss",
      List.of("input", "target"), ClassIndexKernel.OPTIONS,
      "-weight[y] input[y] for C log-probabilities and a class index (torch.nn.NLLLoss)",
      NllLossKernel::new);

  private NllLossKernel(LossOptions options, List<Shape> shapes) {
    super("nll_loss", options);
    Shapes.require(function, "input", shapes.get(0),
        "an array (or ML Vector) of class log-probabilities", Shape.ARRAY);
    Shapes.require(function, "target", shapes.get(1), "a class index (a number)", Shape.SCALAR);
  }

  @Override
  protected double indexLoss(Sample s, int classes, int y) {
    return nll(s.values(0), s.offset(0), y);
  }
}
