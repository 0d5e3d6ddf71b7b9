package io.losseval.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The per-sample losses reject what PyTorch rejects, with messages that name the function, the
 * option or argument, the value and what is allowed: bad options and shapes when the call is
 * analysed (bind), bad values in a row when the row is added.
 */
class SampleLossOptionsTest {
  private static final Shape S = Shape.SCALAR;
  private static final Shape A = Shape.ARRAY;
  private static final Shape M = Shape.MATRIX;

  // ---- analysis time: options ----

  @Test
  void multiMarginAllowsOnlyPOneAndTwo() {
    assertArgumentError(
        () -> bind("multi_margin_loss", Map.of("p", 3), A, S),
        "multi_margin_loss",
        "'p'",
        "3",
        "one of 1, 2");
    bind("multi_margin_loss", Map.of("p", 2), A, S);
  }

  @Test
  void tripletMarginsMustBePositive() {
    for (String f : List.of("triplet_margin_loss", "triplet_margin_with_distance_loss")) {
      for (double margin : new double[] {0.0, -0.5}) {
        assertArgumentError(
            () -> bind(f, Map.of("margin", margin), A, A, A),
            f,
            "'margin'",
            String.valueOf(margin),
            "greater than 0");
      }
    }
  }

  @Test
  void unknownDistanceFunctionListsTheAllowedNames() {
    assertArgumentError(
        () ->
            bind(
                "triplet_margin_with_distance_loss",
                Map.of("distance_function", "euclidean"),
                A,
                A,
                A),
        "triplet_margin_with_distance_loss",
        "'distance_function'",
        "'euclidean'",
        "'pairwise'",
        "'cosine'");
  }

  @Test
  void negativeCtcBlankIsRejectedAtAnalysis() {
    assertArgumentError(
        () -> bind("ctc_loss", Map.of("blank", -1), M, A), "ctc_loss", "'blank'", "-1");
  }

  // ---- analysis time: shapes ----

  @Test
  void wrongShapesNameTheArgumentAndWhatItMustBe() {
    assertArgumentError(
        () -> bind("multi_margin_loss", Map.of(), A, A),
        "multi_margin_loss",
        "target",
        "class index",
        "got an array");
    assertArgumentError(
        () -> bind("multi_margin_loss", Map.of(), S, S),
        "multi_margin_loss",
        "input",
        "got a number");
    assertArgumentError(
        () -> bind("nll_loss", Map.of(), A, A), "nll_loss", "target", "got an array");
    assertArgumentError(
        () -> bind("ctc_loss", Map.of(), A, A), "ctc_loss", "log_probs", "arrays", "got an array");
    assertArgumentError(
        () -> bind("multilabel_margin_loss", Map.of(), A, S),
        "multilabel_margin_loss",
        "target",
        "got a number");
    assertArgumentError(
        () -> bind("multilabel_soft_margin_loss", Map.of(), S, A),
        "multilabel_soft_margin_loss",
        "input",
        "got a number");
    assertArgumentError(
        () -> bind("cosine_embedding_loss", Map.of(), A, A, A),
        "cosine_embedding_loss",
        "target",
        "got an array");
    assertArgumentError(
        () -> bind("triplet_margin_loss", Map.of(), A, S, A),
        "triplet_margin_loss",
        "positive",
        "got a number");
    assertArgumentError(
        () -> bind("triplet_margin_loss", Map.of(), A, A),
        "triplet_margin_loss",
        "3 tensor arguments",
        "got 2");
  }

  // ---- row time: values ----

  @Test
  void classIndexOutOfRangeNamesValueAndRange() {
    LossKernel nll = bind("nll_loss", Map.of(), A, S);
    assertDataError(
        nll,
        row(new double[] {-1, -2, -3, -4}, new double[] {4}),
        "nll_loss",
        "target",
        "4",
        "[0, 4)",
        "ignore_index = -100");
    assertDataError(
        nll,
        row(new double[] {-1, -2, -3, -4}, new double[] {1.5}),
        "nll_loss",
        "target",
        "1.5",
        "whole-number");
    LossKernel mm = bind("multi_margin_loss", Map.of(), A, S);
    assertDataError(
        mm,
        row(new double[] {0.1, 0.2, 0.3}, new double[] {-1}),
        "multi_margin_loss",
        "target",
        "-1",
        "[0, 3)");
  }

  @Test
  void ignoredTargetNeedsNoRangeCheck() {
    // PyTorch does not bounds-check a target equal to ignore_index, even outside [0, C)
    LossKernel nll = bind("nll_loss", Map.of("ignore_index", 7), A, S);
    LossState state = nll.newState();
    nll.add(row(new double[] {-1, -2}, new double[] {7}), state);
    assertEquals(1, state.rows());
    assertTrue(Double.isNaN(nll.result(state, Reduction.MEAN)), "all ignored: 0 / 0");
  }

  @Test
  void weightMustHaveOneValuePerClass() {
    LossKernel mm = bind("multi_margin_loss", Map.of("weight", List.of(1.0, 2.0)), A, S);
    assertDataError(
        mm,
        row(new double[] {0.1, 0.2, 0.3}, new double[] {0}),
        "multi_margin_loss",
        "3 classes",
        "'weight' has 2 values");
  }

  @Test
  void multilabelTargetsMustBeClassesOrPadding() {
    LossKernel k = bind("multilabel_margin_loss", Map.of(), A, A);
    double[] x = {0.1, 0.2, 0.4, 0.8};
    assertDataError(
        k,
        row(x, new double[] {3, 4, -1, -1}),
        "multilabel_margin_loss",
        "target",
        "4",
        "[0, 4)",
        "-1 (padding)");
    // PyTorch range-checks every entry, also those after the first -1
    assertDataError(
        k, row(x, new double[] {3, -1, -2, 0}), "multilabel_margin_loss", "target", "-2", "[0, 4)");
  }

  @Test
  void arraysOfDifferentLengthsAreDataErrors() {
    assertDataError(
        bind("cosine_embedding_loss", Map.of(), A, A, S),
        row(new double[] {1, 2, 3}, new double[] {1, 2}, new double[] {1}),
        "cosine_embedding_loss",
        "input1 has 3",
        "input2 has 2",
        "same length");
    assertDataError(
        bind("triplet_margin_loss", Map.of(), A, A, A),
        row(new double[] {1, 2}, new double[] {1, 2}, new double[] {1, 2, 3}),
        "triplet_margin_loss",
        "anchor has 2",
        "negative has 3",
        "same length");
    assertDataError(
        bind("multilabel_soft_margin_loss", Map.of(), A, A),
        row(new double[] {1, 2, 3}, new double[] {1, 0}),
        "multilabel_soft_margin_loss",
        "input has 3",
        "target has 2",
        "same length");
    assertDataError(
        bind("multilabel_margin_loss", Map.of(), A, A),
        row(new double[] {1, 2, 3}, new double[] {0, -1}),
        "multilabel_margin_loss",
        "input has 3",
        "target has 2",
        "same length");
  }

  @Test
  void ctcTargetsMustBeNonBlankClasses() {
    LossKernel k = bind("ctc_loss", Map.of("blank", 0), M, A);
    Sample twoStepsThreeClasses = matrixRow(2, 3, new double[] {1, 0});
    assertDataError(k, twoStepsThreeClasses, "ctc_loss", "targets value 0", "blank = 0", "[0, 3)");
    assertDataError(k, matrixRow(2, 3, new double[] {1, 3}), "ctc_loss", "targets", "3", "[0, 3)");
    LossKernel blankTooLarge = bind("ctc_loss", Map.of("blank", 3), M, A);
    assertDataError(
        blankTooLarge, matrixRow(2, 3, new double[] {1}), "ctc_loss", "blank = 3", "[0, 3)");
  }

  // ---- helpers ----

  private static LossKernel bind(String function, Map<String, ?> options, Shape... shapes) {
    return LossCatalog.get(function).bind(options, Arrays.asList(shapes));
  }

  private static Sample row(double[]... args) {
    Sample s = new Sample(args.length);
    for (int a = 0; a < args.length; a++) {
      s.set(a, args[a]);
    }
    return s;
  }

  /** A CTC row: uniform log-probabilities over {@code classes} for {@code steps} steps. */
  private static Sample matrixRow(int steps, int classes, double[] targets) {
    double[] lp = new double[steps * classes];
    Arrays.fill(lp, -Math.log(classes));
    return new Sample(2).set(0, lp, 0, lp.length, classes).set(1, targets);
  }

  private static void assertArgumentError(Executable call, String... parts) {
    assertMessage(assertThrows(LossArgumentException.class, call), parts);
  }

  private static void assertDataError(LossKernel kernel, Sample sample, String... parts) {
    LossState state = kernel.newState();
    assertMessage(assertThrows(LossDataException.class, () -> kernel.add(sample, state)), parts);
    assertEquals(0, state.rows(), "a rejected row is not counted");
  }

  private static void assertMessage(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), () -> "'" + part + "' missing from: " + e.getMessage());
    }
  }
}
