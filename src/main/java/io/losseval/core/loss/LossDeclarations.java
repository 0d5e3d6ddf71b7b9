package io.losseval.core.loss;

import static io.losseval.core.ArgumentKind.ARRAY;
import static io.losseval.core.ArgumentKind.LABEL;
import static io.losseval.core.ArgumentKind.LABELS;
import static io.losseval.core.ArgumentKind.MATRIX;
import static io.losseval.core.ArgumentKind.SCALAR;
import static io.losseval.core.loss.SharedOptions.CLASS_WEIGHT;
import static io.losseval.core.loss.SharedOptions.ELEMENTWISE_ROWS;
import static io.losseval.core.loss.SharedOptions.ELEMENT_WEIGHT;
import static io.losseval.core.loss.SharedOptions.HINGE_MARGIN;
import static io.losseval.core.loss.SharedOptions.IGNORE_INDEX;
import static io.losseval.core.loss.SharedOptions.TRIPLET_MARGIN;
import static io.losseval.core.loss.SharedOptions.TRIPLET_SWAP;

import io.losseval.core.LossDefinition;
import io.losseval.core.OptionSpec;
import io.losseval.core.OptionSpec.OneOf;
import io.losseval.core.OptionSpec.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * The declarations of {@link LossCatalog}, in the order the catalog lists them: each loss's name,
 * torch.nn class, tensor arguments and the kinds they accept, per-element or per-sample 'none',
 * options with PyTorch's defaults and allowed values, documentation, and its kernel.
 */
final class LossDeclarations {
  private LossDeclarations() {}

  /** Every loss's declaration, in catalog order. */
  static List<LossDefinition.Builder> all() {
    List<LossDefinition.Builder> out = new ArrayList<>();
    out.add(
        inputTarget("mse_loss", MseLossKernel::new, ELEMENTWISE_ROWS, "the same shape as input")
            .torch("MSELoss")
            .summary("squared error per element")
            .formula("(input - target)^2")
            .example("prediction, label"));

    out.add(
        LossDefinition.builder("cross_entropy", CrossEntropyKernel::new)
            .torch("CrossEntropyLoss")
            .summary(
                "log-softmax cross-entropy of C logits against a class index or C class "
                    + "probabilities")
            .formula(
                "-weight[y] log_softmax(input)[y] for a class index y, with label_smoothing e: "
                    + "(1 - e) times that + (e / C) sum_c -weight[c] log_softmax(input)[c]; "
                    + "-sum_c weight[c] target[c] log_softmax(input)[c] for probabilities (smoothed alike)")
            .argument("input", "an array of C logits")
            .argument("target", "a class index, or an array of C probabilities")
            .signature(ARRAY, LABEL)
            .signature(ARRAY, ARRAY)
            .perSample()
            .option(CLASS_WEIGHT)
            .option(IGNORE_INDEX)
            .option(
                OptionSpec.number(
                        "label_smoothing",
                        0.0,
                        "mixes the target with the uniform distribution over the C classes")
                    .allowing(Range.between(0, 1)))
            .example("logits, label", "label_smoothing", 0.1));

    out.add(
        inputTarget(
                "binary_cross_entropy",
                BinaryCrossEntropyKernel::new,
                "probabilities in [0, 1]: " + ELEMENTWISE_ROWS,
                "values in [0, 1], the same shape as input")
            .torch("BCELoss")
            .summary("binary cross-entropy of probabilities per element")
            .formula(
                "-weight (target log(input) + (1 - target) log(1 - input)), each log clamped "
                    + "at -100")
            .option(ELEMENT_WEIGHT)
            .example("probability, label", "weight", 2.0));

    out.add(
        inputTarget(
                "kl_div",
                KlDivKernel::new,
                "log-probabilities: " + ELEMENTWISE_ROWS,
                "probabilities (log-probabilities with log_target), the same shape as input")
            .torch("KLDivLoss")
            .summary(
                "Kullback-Leibler divergence terms per element; 'batchmean' is "
                    + "KL(target || exp(input)) per row")
            .formula(
                "target (log(target) - input), 0 where target = 0 (NaN where target < 0); "
                    + "exp(target) (target - input) with log_target")
            .option(OptionSpec.bool("log_target", false, "the target holds log-probabilities"))
            .example("log_probs, probs", "log_target", false));

    out.add(
        inputTarget(
                "hinge_embedding_loss",
                HingeEmbeddingLossKernel::new,
                "distances: " + ELEMENTWISE_ROWS,
                "1 or -1, the same shape as input")
            .torch("HingeEmbeddingLoss")
            .summary("hinge embedding loss per element, target 1 or -1")
            .formula(
                "input for target 1; max(0, margin - input) for target -1; both added for any "
                    + "other target")
            .option(HINGE_MARGIN)
            .example("distance, label", "margin", 2.0));

    out.add(
        inputTarget("l1_loss", L1LossKernel::new, ELEMENTWISE_ROWS, "the same shape as input")
            .torch("L1Loss")
            .summary("absolute error per element")
            .formula("|input - target|")
            .example("prediction, label"));

    out.add(
        inputTarget(
                "smooth_l1_loss",
                SmoothL1LossKernel::new,
                ELEMENTWISE_ROWS,
                "the same shape as input")
            .torch("SmoothL1Loss")
            .summary("absolute error, quadratic below beta, per element")
            .formula("z = |input - target|: 0.5 z^2 / beta if z < beta, else z - 0.5 beta")
            .option(
                OptionSpec.number(
                        "beta",
                        1.0,
                        "where the loss turns from quadratic to linear; 0 is exactly l1_loss")
                    .allowing(Range.atLeast(0)))
            .example("prediction, label", "beta", 0.5));

    out.add(
        inputTarget("huber_loss", HuberLossKernel::new, ELEMENTWISE_ROWS, "the same shape as input")
            .torch("HuberLoss")
            .summary(
                "Huber loss per element: squared error below delta, scaled absolute error above")
            .formula("z = |input - target|: 0.5 z^2 if z < delta, else delta (z - 0.5 delta)")
            .option(
                OptionSpec.number("delta", 1.0, "where the loss turns from quadratic to linear")
                    .allowing(Range.greaterThan(0)))
            .example("prediction, label", "delta", 2.0));

    out.add(
        inputTarget(
                "soft_margin_loss",
                SoftMarginLossKernel::new,
                "scores: " + ELEMENTWISE_ROWS,
                "1 or -1, the same shape as input")
            .torch("SoftMarginLoss")
            .summary("logistic loss per element, target 1 or -1")
            .formula("log(1 + exp(-target input))")
            .example("score, label"));

    out.add(
        inputTarget(
                "binary_cross_entropy_with_logits",
                BinaryCrossEntropyWithLogitsKernel::new,
                "logits: " + ELEMENTWISE_ROWS,
                "values in [0, 1], the same shape as input")
            .torch("BCEWithLogitsLoss")
            .summary("binary cross-entropy of logits per element")
            .formula(
                "weight ((1 - target) input - (1 + (pos_weight - 1) target) log sigmoid(input))")
            .option(ELEMENT_WEIGHT)
            .option(
                OptionSpec.doubles(
                    "pos_weight",
                    "weight of the positive term: one number, or D "
                        + "numbers (one per position) for array rows"))
            .example("logit, label", "pos_weight", 3.0));

    out.add(
        inputTarget(
                "poisson_nll_loss",
                PoissonNllLossKernel::new,
                "log-rates (rates without log_input): " + ELEMENTWISE_ROWS,
                "counts, the same shape as input")
            .torch("PoissonNLLLoss")
            .summary("Poisson negative log-likelihood per element")
            .formula(
                "exp(input) - target input for a log-rate input; input - target log(input + eps) "
                    + "without log_input; full adds target log(target) - target + 0.5 log(2 pi target) "
                    + "where target > 1")
            .option(OptionSpec.bool("log_input", true, "the input is a log-rate, not a rate"))
            .option(
                OptionSpec.bool(
                    "full",
                    false,
                    "adds Stirling's approximation of log(target!) where target > 1"))
            .option(
                OptionSpec.number("eps", 1e-8, "added to a rate before its log (log_input false)"))
            .example("log_rate, count", "full", true));

    out.add(
        LossDefinition.builder("gaussian_nll_loss", GaussianNllLossKernel::new)
            .torch("GaussianNLLLoss")
            .summary("Gaussian negative log-likelihood per element")
            .formula(
                "0.5 (log(v) + (input - target)^2 / v) with v = max(var, eps); full adds "
                    + "0.5 log(2 pi)")
            .argument("input", "means: " + ELEMENTWISE_ROWS)
            .argument("target", "samples, the same shape as input")
            .argument(
                "var",
                "variances >= 0: the same shape as input, or one number for a row of " + "arrays")
            .signature(SCALAR, SCALAR, SCALAR)
            .signature(ARRAY, ARRAY, ARRAY)
            .signature(ARRAY, ARRAY, SCALAR)
            .perElement()
            .option(OptionSpec.bool("full", false, "adds the constant 0.5 log(2 pi)"))
            .option(
                OptionSpec.number("eps", 1e-6, "the variance is clamped at eps from below")
                    .allowing(Range.greaterThan(0)))
            .example("mean, observed, variance", "full", true));

    out.add(
        LossDefinition.builder("margin_ranking_loss", MarginRankingLossKernel::new)
            .torch("MarginRankingLoss")
            .summary(
                "ranking hinge per element: target 1 asks input1 to rank above input2, -1 below")
            .formula("max(0, -target (input1 - input2) + margin)")
            .argument("input1", "scores: " + ELEMENTWISE_ROWS)
            .argument("input2", "scores, the same shape as input1")
            .argument("target", "1 or -1, the same shape as input1")
            .signature(SCALAR, SCALAR, SCALAR)
            .signature(ARRAY, ARRAY, ARRAY)
            .perElement()
            .option(
                OptionSpec.number("margin", 0.0, "the margin the ranking must hold by")
                    .allowing(Range.notNaN()))
            .example("score_a, score_b, preference", "margin", 0.5));

    out.add(
        LossDefinition.builder("nll_loss", NllLossKernel::new)
            .torch("NLLLoss")
            .summary("negative log-likelihood of C log-probabilities at a class index")
            .formula("-weight[target] input[target]")
            .argument("input", "an array of C log-probabilities")
            .argument("target", "a class index")
            .signature(ARRAY, LABEL)
            .perSample()
            .option(CLASS_WEIGHT)
            .option(IGNORE_INDEX)
            .example("log_probs, label", "ignore_index", -1L));

    out.add(
        LossDefinition.builder("multi_margin_loss", MultiMarginLossKernel::new)
            .torch("MultiMarginLoss")
            .summary("multi-class hinge of C scores against a class index")
            .formula(
                "sum over classes i != y of weight[y] max(0, margin - input[y] + input[i])^p, "
                    + "divided by C")
            .argument("input", "an array of C scores")
            .argument("target", "a class index")
            .signature(ARRAY, LABEL)
            .perSample()
            .option(
                OptionSpec.integer("p", 1, "the power of the hinge")
                    .allowing(new OneOf(List.of(1L, 2L))))
            .option(OptionSpec.number("margin", 1.0, "the margin of the hinge"))
            .option(CLASS_WEIGHT)
            .example("scores, label", "p", 2L));

    out.add(
        LossDefinition.builder("multilabel_margin_loss", MultilabelMarginLossKernel::new)
            .torch("MultiLabelMarginLoss")
            .summary("multi-label hinge of C scores against a -1-padded list of class indices")
            .formula(
                "sum over listed classes j and unlisted classes i of max(0, 1 - (input[j] - "
                    + "input[i])), divided by C; the list ends at the first -1")
            .argument("input", "an array of C scores")
            .argument("target", "an array of C class indices, padded with -1")
            .signature(ARRAY, LABELS)
            .perSample()
            .example("scores, labels"));

    out.add(
        LossDefinition.builder("multilabel_soft_margin_loss", MultilabelSoftMarginLossKernel::new)
            .torch("MultiLabelSoftMarginLoss")
            .summary("class-averaged logistic loss of C logits against C 0/1 labels")
            .formula(
                "-(1 / C) sum_c weight[c] (target[c] log sigmoid(input[c]) + (1 - target[c]) "
                    + "log sigmoid(-input[c]))")
            .argument("input", "an array of C logits")
            .argument("target", "an array of C values in {0, 1}")
            .signature(ARRAY, ARRAY)
            .perSample()
            .option(CLASS_WEIGHT)
            .example("logits, labels"));

    out.add(
        LossDefinition.builder("cosine_embedding_loss", CosineEmbeddingLossKernel::new)
            .torch("CosineEmbeddingLoss")
            .summary("cosine similarity loss of two arrays, target 1 (similar) or -1 (dissimilar)")
            .formula(
                "1 - cos(input1, input2) for target 1; max(0, cos(input1, input2) - margin) for "
                    + "target -1; 0 for any other target")
            .argument("input1", "an array of D numbers")
            .argument("input2", "an array of D numbers")
            .argument("target", "1 or -1")
            .signature(ARRAY, ARRAY, SCALAR)
            .perSample()
            .option(
                OptionSpec.number(
                    "margin", 0.0, "for target -1, the similarity above which a pair costs"))
            .example("embedding_a, embedding_b, same", "margin", 0.5));

    out.add(
        LossDefinition.builder("triplet_margin_loss", TripletMarginLossKernel::new)
            .torch("TripletMarginLoss")
            .summary("triplet loss with the p-norm distance")
            .formula(
                "max(0, margin + d(anchor, positive) - d(anchor, negative)), "
                    + "d(u, v) = ||u - v + eps||_p")
            .argument("anchor", "an array of D numbers")
            .argument("positive", "an array of D numbers")
            .argument("negative", "an array of D numbers")
            .signature(ARRAY, ARRAY, ARRAY)
            .perSample()
            .option(TRIPLET_MARGIN)
            .option(OptionSpec.number("p", 2.0, "the degree of the norm"))
            .option(OptionSpec.number("eps", 1e-6, "added to the difference before the norm"))
            .option(TRIPLET_SWAP)
            .example("anchor, positive, negative", "margin", 0.5));

    out.add(
        LossDefinition.builder(
                "triplet_margin_with_distance_loss", TripletMarginWithDistanceLossKernel::new)
            .torch("TripletMarginWithDistanceLoss")
            .summary("triplet loss with a named distance, 'pairwise' or 'cosine'")
            .formula(
                "max(0, margin + d(anchor, positive) - d(anchor, negative)), d = "
                    + "pairwise_distance (p = 2, eps = 1e-6) or 1 - cosine_similarity (eps = 1e-8)")
            .argument("anchor", "an array of D numbers")
            .argument("positive", "an array of D numbers")
            .argument("negative", "an array of D numbers")
            .signature(ARRAY, ARRAY, ARRAY)
            .perSample()
            .option(
                OptionSpec.string(
                        "distance_function",
                        TripletMarginWithDistanceLossKernel.PAIRWISE,
                        "the distance: torch.pairwise_distance, or 1 - F.cosine_similarity")
                    .allowing(
                        new OneOf(
                            List.of(
                                TripletMarginWithDistanceLossKernel.PAIRWISE,
                                TripletMarginWithDistanceLossKernel.COSINE))))
            .option(TRIPLET_MARGIN)
            .option(TRIPLET_SWAP)
            .example(
                "anchor, positive, negative",
                "distance_function",
                TripletMarginWithDistanceLossKernel.COSINE));

    out.add(
        LossDefinition.builder("ctc_loss", CtcLossKernel::new)
            .torch("CTCLoss")
            .summary(
                "connectionist temporal classification loss of T x C log-probabilities against "
                    + "a class sequence")
            .formula(
                "-log of the summed probability of every alignment of targets to the T steps "
                    + "(Graves' forward recursion); +inf when there is none")
            .argument("log_probs", "an array of T arrays of C log-probabilities")
            .argument(
                "targets",
                "an array of class indices other than blank (the lengths are the "
                    + "arrays' lengths)")
            .signature(MATRIX, LABELS)
            .perSample()
            .option(
                OptionSpec.integer("blank", 0, "the blank class index").allowing(Range.atLeast(0)))
            .option(
                OptionSpec.bool(
                    "zero_infinity", false, "an infinite loss (no alignment exists) counts as 0"))
            .example("log_probs, transcript", "zero_infinity", true));
    return out;
  }

  /**
   * An elementwise loss of an input and a target (what a row of each holds), each a number, or both
   * arrays of one length; reduction='none' gives a value per element.
   */
  private static LossDefinition.Builder inputTarget(
      String name, LossDefinition.Factory kernel, String input, String target) {
    return LossDefinition.builder(name, kernel)
        .argument("input", input)
        .argument("target", target)
        .signature(SCALAR, SCALAR)
        .signature(ARRAY, ARRAY)
        .perElement();
  }
}
