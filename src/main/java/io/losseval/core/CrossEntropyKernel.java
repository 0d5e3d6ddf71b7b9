package io.losseval.core;

import java.util.List;

/**
 * {@code cross_entropy}: PyTorch's CrossEntropyLoss over one row of C logits, with a class-index
 * target (a number) or class-probability targets (an array of C). Options {@code weight},
 * {@code ignore_index} and {@code label_smoothing} follow PyTorch, including its 'mean'
 * denominators: the summed weight of non-ignored targets for class indices, the row count for
 * probabilities.
 */
public final class CrossEntropyKernel extends LossKernel {
  private static final long serialVersionUID = 1L;

  public static final LossDefinition DEFINITION = new LossDefinition("cross_entropy",
      List.of("input", "target"),
      List.of(OptionSpec.doubles("weight"), OptionSpec.integer("ignore_index", -100),
          OptionSpec.number("label_smoothing", 0.0)),
      "log-softmax cross-entropy of C logits against a class index or C class probabilities "
          + "(torch.nn.CrossEntropyLoss)",
      CrossEntropyKernel::new);

  private final double[] weight;
  private final long ignoreIndex;
  private final double smoothing;
  private final boolean probabilityTargets;

  private CrossEntropyKernel(LossOptions options, List<Shape> shapes) {
    super("cross_entropy");
    Shapes.require(function, "input", shapes.get(0), "an array (or ML Vector) of class logits",
        Shape.ARRAY);
    probabilityTargets = Shapes.require(function, "target", shapes.get(1),
        "a class index or an array of class probabilities", Shape.SCALAR, Shape.ARRAY) == Shape.ARRAY;
    weight = options.getDoubles("weight");
    ignoreIndex = options.getLong("ignore_index");
    smoothing = options.getDouble("label_smoothing");
    if (!(smoothing >= 0.0 && smoothing <= 1.0)) {
      throw options.invalid("label_smoothing", "it must be between 0.0 and 1.0");
    }
    if (probabilityTargets && ignoreIndex >= 0) {
      throw options.invalid("ignore_index",
          "it is not supported with class-probability targets (array target); leave it at -100");
    }
  }

  @Override
  protected int sumCount() {
    return 2; // the loss, and the weighted 'mean' denominator for class-index targets
  }

  @Override
  protected void accumulate(Sample s, LossState state) {
    if (probabilityTargets) {
      state.sum(0).add(probabilityLoss(s));
      return;
    }
    int classes = s.length(0);
    int y = label(s, classes);
    if (y == ClassIndex.IGNORED) {
      return;
    }
    state.sum(0).add(indexLoss(s, classes, y));
    if (weight == null) {
      state.addElements(1); // unweighted 'mean' divides by a count: no exact sum needed
    } else {
      state.sum(1).add(weight[y]);
    }
  }

  @Override
  protected double mean(LossState state) {
    if (probabilityTargets) {
      return state.sum(0).value() / state.rows();
    }
    return state.sum(0).value() / (weight == null ? state.elements() : state.sum(1).value());
  }

  @Override
  public boolean perSampleIsArray() {
    return false;
  }

  @Override
  public double perSample(Sample s) {
    if (probabilityTargets) {
      return probabilityLoss(s);
    }
    int classes = s.length(0);
    int y = label(s, classes);
    return y == ClassIndex.IGNORED ? 0.0 : indexLoss(s, classes, y);
  }

  private int label(Sample s, int classes) {
    ClassIndex.checkWeight(this, weight, classes);
    return ClassIndex.of(this, 1, "target", s.scalar(1), classes, ignoreIndex);
  }

  /** (1 - e) w[y] (-logp[y]) + (e / C) sum_c w[c] (-logp[c]), PyTorch's per-sample loss. */
  private double indexLoss(Sample s, int classes, int y) {
    if (smoothing == 0.0) {
      double nll = LogSoftmax.negativeAt(s.values(0), s.offset(0), classes, y);
      return weight == null ? nll : weight[y] * nll;
    }
    double[] logp = s.scratch(classes);
    LogSoftmax.compute(s.values(0), s.offset(0), classes, logp);
    double wy = weight == null ? 1.0 : weight[y];
    double nll = -wy * logp[y];
    double smooth = 0.0;
    for (int c = 0; c < classes; c++) {
      smooth -= (weight == null ? logp[c] : logp[c] * weight[c]);
    }
    return (1.0 - smoothing) * nll + smooth * (smoothing / classes);
  }

  /** -sum_c w[c] y[c] logp[c], with y smoothed towards uniform by label_smoothing. */
  private double probabilityLoss(Sample s) {
    int classes = s.length(0);
    if (s.length(1) != classes) {
      throw dataError(1, "input has " + classes + " classes but target has " + s.length(1)
          + " probabilities; class-probability targets need one value per class");
    }
    ClassIndex.checkWeight(this, weight, classes);
    double[] logp = s.scratch(classes);
    LogSoftmax.compute(s.values(0), s.offset(0), classes, logp);
    double[] t = s.values(1);
    int to = s.offset(1);
    double loss = 0.0;
    for (int c = 0; c < classes; c++) {
      double y = t[to + c];
      if (smoothing > 0.0) {
        y = y * (1.0 - smoothing) + smoothing / classes;
      }
      double term = logp[c] * y;
      loss -= weight == null ? term : term * weight[c];
    }
    return loss;
  }
}
