package io.losseval.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Option and row checks of the elementwise losses (analysis-time and data errors, with messages
 * that name the function, the option or argument and the value), and identities PyTorch defines
 * between them.
 */
class ElementwiseOptionsTest {
  private static final List<Shape> SCALARS = List.of(Shape.SCALAR, Shape.SCALAR);
  private static final List<Shape> ARRAYS = List.of(Shape.ARRAY, Shape.ARRAY);

  // ---- analysis-time errors: LossDefinition.bind

  @Test
  void negativeBetaIsRejected() {
    assertBindFails("smooth_l1_loss", Map.of("beta", -0.5), SCALARS, "beta", "-0.5");
    assertBindFails("smooth_l1_loss", Map.of("beta", Double.NaN), SCALARS, "beta", "NaN");
  }

  @Test
  void zeroBetaIsAllowed() {
    LossCatalog.get("smooth_l1_loss").bind(Map.of("beta", 0.0), SCALARS);
  }

  @Test
  void nonPositiveDeltaIsRejected() {
    assertBindFails("huber_loss", Map.of("delta", 0.0), SCALARS, "delta", "0.0");
    assertBindFails("huber_loss", Map.of("delta", -2.0), ARRAYS, "delta", "-2.0");
  }

  @Test
  void nonPositiveEpsIsRejected() {
    List<Shape> three = List.of(Shape.SCALAR, Shape.SCALAR, Shape.SCALAR);
    assertBindFails("gaussian_nll_loss", Map.of("eps", 0.0), three, "eps", "0.0");
    assertBindFails("gaussian_nll_loss", Map.of("eps", -1e-3), three, "eps", "-0.001");
  }

  @Test
  void nanMarginIsRejected() {
    assertBindFails(
        "margin_ranking_loss",
        Map.of("margin", Double.NaN),
        List.of(Shape.SCALAR, Shape.SCALAR, Shape.SCALAR),
        "margin",
        "NaN");
  }

  @Test
  void unknownOptionIsRejected() {
    assertBindFails("l1_loss", Map.of("beta", 1.0), SCALARS, "beta");
    assertBindFails("huber_loss", Map.of("beta", 1.0), SCALARS, "beta", "delta");
    assertBindFails("poisson_nll_loss", Map.of("log_inputs", true), SCALARS, "log_inputs");
  }

  @Test
  void optionOfTheWrongTypeIsRejected() {
    assertBindFails("huber_loss", Map.of("delta", "big"), SCALARS, "delta", "'big'");
    assertBindFails("poisson_nll_loss", Map.of("full", 1.0), SCALARS, "full", "1.0");
    assertBindFails(
        "binary_cross_entropy_with_logits",
        Map.of("pos_weight", "x"),
        SCALARS,
        "pos_weight",
        "'x'");
  }

  @Test
  void arrayWeightForScalarRowsIsRejected() {
    assertBindFails(
        "binary_cross_entropy_with_logits",
        Map.of("weight", List.of(1.0, 2.0)),
        SCALARS,
        "weight",
        "[1.0, 2.0]");
    assertBindFails(
        "binary_cross_entropy_with_logits",
        Map.of("pos_weight", List.of(3.0, 4.0)),
        SCALARS,
        "pos_weight",
        "[3.0, 4.0]");
    assertBindFails(
        "binary_cross_entropy",
        Map.of("weight", List.of(1.0, 2.0)),
        SCALARS,
        "weight",
        "[1.0, 2.0]");
  }

  @Test
  void singleNumberWeightsBindForScalarRows() {
    LossCatalog.get("binary_cross_entropy_with_logits")
        .bind(Map.of("weight", 2.0, "pos_weight", List.of(3.0)), SCALARS);
  }

  @Test
  void mixedScalarAndArrayArgumentsAreRejected() {
    LossArgumentException e =
        assertThrows(
            LossArgumentException.class,
            () ->
                LossCatalog.get("margin_ranking_loss")
                    .bind(Map.of(), List.of(Shape.SCALAR, Shape.ARRAY, Shape.SCALAR)));
    assertMessage(e.getMessage(), "margin_ranking_loss", "input2");
  }

  // ---- data errors: LossKernel.add

  @Test
  void negativeVarianceIsADataError() {
    LossKernel k =
        LossCatalog.get("gaussian_nll_loss")
            .bind(Map.of(), List.of(Shape.ARRAY, Shape.ARRAY, Shape.ARRAY));
    Sample row = sample(new double[] {1, 2, 3}, new double[] {1, 2, 3}, new double[] {1, -2.5, 0});
    LossDataException e = assertThrows(LossDataException.class, () -> k.add(row, k.newState()));
    assertMessage(e.getMessage(), "gaussian_nll_loss", "var", "-2.5");
    assertEquals(2, e.argument());
  }

  @Test
  void zeroVarianceIsClampedNotRejected() {
    LossKernel k =
        LossCatalog.get("gaussian_nll_loss")
            .bind(Map.of("eps", 0.25), List.of(Shape.SCALAR, Shape.SCALAR, Shape.SCALAR));
    double clamped = k.perSample(sample(new double[] {2}, new double[] {1}, new double[] {0.0}));
    double atEps = k.perSample(sample(new double[] {2}, new double[] {1}, new double[] {0.25}));
    assertEquals(Double.doubleToLongBits(atEps), Double.doubleToLongBits(clamped));
  }

  @Test
  void arraysOfDifferentLengthsAreADataError() {
    LossKernel k = LossCatalog.get("l1_loss").bind(Map.of(), ARRAYS);
    Sample row = sample(new double[] {1, 2, 3}, new double[] {1, 2});
    LossDataException e = assertThrows(LossDataException.class, () -> k.add(row, k.newState()));
    assertMessage(e.getMessage(), "l1_loss", "input has 3", "target has 2");

    LossKernel g =
        LossCatalog.get("gaussian_nll_loss")
            .bind(Map.of(), List.of(Shape.ARRAY, Shape.ARRAY, Shape.ARRAY));
    Sample row3 = sample(new double[] {1, 2}, new double[] {1, 2}, new double[] {1, 1, 1});
    e = assertThrows(LossDataException.class, () -> g.add(row3, g.newState()));
    assertMessage(e.getMessage(), "gaussian_nll_loss", "input has 2", "var has 3");
    assertEquals(2, e.argument());
  }

  @Test
  void weightLengthMismatchIsADataError() {
    for (String option : List.of("weight", "pos_weight")) {
      LossKernel k =
          LossCatalog.get("binary_cross_entropy_with_logits")
              .bind(Map.of(option, List.of(1.0, 2.0, 3.0)), ARRAYS);
      Sample row = sample(new double[] {0.5, -0.5}, new double[] {1, 0});
      LossDataException e = assertThrows(LossDataException.class, () -> k.add(row, k.newState()));
      assertMessage(
          e.getMessage(),
          "binary_cross_entropy_with_logits",
          "'" + option + "' has 3",
          "input has 2");
    }
  }

  @Test
  void aRejectedRowLeavesTheStateUntouched() {
    LossKernel k =
        LossCatalog.get("gaussian_nll_loss")
            .bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR, Shape.SCALAR));
    LossState state = k.newState();
    k.add(sample(new double[] {1}, new double[] {0}, new double[] {1}), state);
    byte[] before = state.toBytes();
    assertThrows(
        LossDataException.class,
        () -> k.add(sample(new double[] {1}, new double[] {0}, new double[] {-1}), state));
    assertArrayEquals(before, state.toBytes());
  }

  // ---- identities PyTorch defines (torch.nn.functional.smooth_l1_loss, HuberLoss docs)

  @Test
  void smoothL1WithBetaZeroIsL1BitForBit() {
    assertSameLosses(
        LossCatalog.get("l1_loss").bind(Map.of(), ARRAYS),
        LossCatalog.get("smooth_l1_loss").bind(Map.of("beta", 0.0), ARRAYS));
  }

  @Test
  void huberWithDeltaOneIsSmoothL1WithBetaOneBitForBit() {
    assertSameLosses(
        LossCatalog.get("smooth_l1_loss").bind(Map.of("beta", 1.0), ARRAYS),
        LossCatalog.get("huber_loss").bind(Map.of("delta", 1.0), ARRAYS));
  }

  /** Per-element values and every reduction of two kernels agree to the bit on varied data. */
  private static void assertSameLosses(LossKernel a, LossKernel b) {
    Random random = new Random(20240611L);
    double[] special = {
      0.0,
      -0.0,
      1.0,
      -1.0,
      0.5,
      1e-300,
      1e300,
      Double.MIN_VALUE,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NaN
    };
    // One group per row length: the rows of a group share their length, as in a tensor.
    LossState[] sa = new LossState[9];
    LossState[] sb = new LossState[9];
    for (int n = 1; n <= 8; n++) {
      sa[n] = a.newState();
      sb[n] = b.newState();
    }
    for (int row = 0; row < 200; row++) {
      int n = 1 + random.nextInt(8);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = pick(random, special);
        y[i] = pick(random, special);
      }
      Sample s = sample(x, y);
      assertArrayEquals(
          bits(a.perSampleArray(s)),
          bits(b.perSampleArray(s)),
          a.function()
              + " vs "
              + b.function()
              + " on "
              + Arrays.toString(x)
              + ", "
              + Arrays.toString(y));
      a.add(s, sa[n]);
      b.add(s, sb[n]);
    }
    for (int n = 1; n <= 8; n++) {
      for (Reduction r : Reduction.values()) {
        assertEquals(bits(a.result(sa[n], r)), bits(b.result(sb[n], r)), r.sqlName() + " n=" + n);
      }
    }
  }

  /** Mostly values around the kinks of the losses, sometimes an edge value. */
  private static double pick(Random random, double[] special) {
    int k = random.nextInt(special.length * 4);
    if (k < special.length) {
      return special[k];
    }
    return random.nextGaussian() * (k % 2 == 0 ? 1.0 : 5.0);
  }

  private static long bits(double v) {
    return Double.doubleToLongBits(v);
  }

  private static long[] bits(double[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Double.doubleToLongBits(v[i]);
    }
    return out;
  }

  private static Sample sample(double[]... args) {
    Sample s = new Sample(args.length);
    for (int a = 0; a < args.length; a++) {
      s.set(a, args[a]);
    }
    return s;
  }

  private static void assertBindFails(
      String function, Map<String, ?> options, List<Shape> shapes, String... mentions) {
    LossArgumentException e =
        assertThrows(
            LossArgumentException.class,
            () -> LossCatalog.get(function).bind(options, shapes),
            function + " " + options);
    String[] all = Arrays.copyOf(mentions, mentions.length + 1);
    all[mentions.length] = function;
    assertMessage(e.getMessage(), all);
  }

  private static void assertMessage(String message, String... mentions) {
    for (String m : mentions) {
      assertTrue(message.contains(m), "message should mention " + m + ": " + message);
    }
  }
}
