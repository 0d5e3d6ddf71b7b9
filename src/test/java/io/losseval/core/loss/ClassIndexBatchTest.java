package io.losseval.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batch kernels of {@code cross_entropy} and {@code nll_loss} ({@link LossKernel#addArrayRows},
 * {@link LogSoftmax#negativeAtRows}, {@link Exp#expAll}) against the scalar ones, bit for bit, on
 * data that reaches every branch: NaN and infinite logits, logits far below their row's maximum
 * (subnormal exponentials), ignored targets, class weights, label smoothing, one to 17 classes.
 */
class ClassIndexBatchTest {
  @Test
  void expAllIsExpBitForBit() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 100_000;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = i < 20 ? -i * 0.5 : i % 3 == 0 ? -r.nextDouble() * 708.0 : -r.nextDouble() * 40.0;
    }
    t[20] = Exp.EXP_ALL_MIN;
    t[21] = -0.0;
    double[] want = new double[n];
    for (int i = 0; i < n; i++) {
      want[i] = Exp.exp(t[i]);
    }
    double[] got = new double[n];
    Exp.expAll(t.clone(), got, n);
    for (int i = 0; i < n; i++) {
      assertEquals(
          Double.doubleToRawLongBits(want[i]),
          Double.doubleToRawLongBits(got[i]),
          "exp(" + t[i] + ")");
    }
  }

  @Test
  void negativeAtRowsIsNegativeAtBitForBit() {
    SplittableRandom r = new SplittableRandom(5);
    for (int classes = 1; classes <= 17; classes++) {
      int n = 700;
      double[] x = logits(r, n, classes);
      int[] rows = new int[n];
      int[] targets = new int[n];
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (i % 5 != 3) { // leave some rows out, as ignored targets are
          rows[m] = i;
          targets[m++] = r.nextInt(classes);
        }
      }
      double[] got = new double[m];
      LogSoftmax.negativeAtRows(x, 7, classes, rows, targets, m, got);
      for (int j = 0; j < m; j++) {
        double want = LogSoftmax.negativeAt(x, 7 + rows[j] * classes, classes, targets[j]);
        assertEquals(
            Double.doubleToRawLongBits(want),
            Double.doubleToRawLongBits(got[j]),
            classes + " classes, row " + rows[j]);
      }
    }
  }

  /** Row-major logits after 7 leading values; some rows hold special or far-apart values. */
  private static double[] logits(SplittableRandom r, int n, int classes) {
    double[] x = new double[7 + n * classes];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian() * 3;
    }
    for (int i = 0; i < n; i += 37) {
      int at = 7 + i * classes + r.nextInt(classes);
      double[] special = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        -720.0,
        -708.5,
        800.0,
        1e300,
        -1e300
      };
      x[at] = special[(i / 37) % special.length];
    }
    return x;
  }

  @Test
  void addArrayRowsGivesTheResultsOfAddingRowByRow() {
    SplittableRandom r = new SplittableRandom(11);
    List<Map<String, Object>> options =
        List.of(
            Map.of(),
            Map.of("ignore_index", 2L),
            Map.of("weight", new double[] {0.5, 2.0, 1.0, 3.0, 0.25}),
            Map.of("label_smoothing", 0.1),
            Map.of(
                "weight",
                new double[] {1, 2, 3, 4, 5},
                "label_smoothing",
                0.3,
                "ignore_index",
                0L));
    for (String function : List.of("cross_entropy", "nll_loss")) {
      for (Map<String, Object> o : options) {
        if (function.equals("nll_loss") && o.containsKey("label_smoothing")) {
          continue;
        }
        LossKernel kernel = LossCatalog.get(function).bind(o, List.of(Shape.ARRAY, Shape.SCALAR));
        assertTrue(kernel.batchesArrayRows(), function);
        int classes = 5;
        int n = 1000;
        double[] x = logits(r, n, classes);
        double[] y = new double[3 + n];
        for (int i = 0; i < n; i++) {
          y[3 + i] = r.nextInt(classes);
        }
        LossState rowByRow = kernel.newState();
        Sample row = new Sample(2);
        for (int i = 0; i < n; i++) {
          kernel.add(row.set(0, x, 7 + i * classes, classes, 1).set(1, y, 3 + i, 1, 1), rowByRow);
        }
        LossState batched = kernel.newState();
        Sample columns = new Sample(2).set(0, x, 7, 600 * classes, classes).set(1, y, 3, 600, 1);
        kernel.addArrayRows(columns, 600, classes, batched);
        columns.set(0, x, 7 + 600 * classes, 400 * classes, classes).set(1, y, 603, 400, 1);
        kernel.addArrayRows(columns, 400, classes, batched);
        for (Reduction red : Reduction.values()) {
          assertEquals(
              bits(kernel.result(rowByRow, red)),
              bits(kernel.result(batched, red)),
              function + " " + o + " " + red);
        }
        assertEquals(rowByRow.rows(), batched.rows());
        assertEquals(rowByRow.elements(), batched.elements());
      }
    }
  }

  private static Long bits(Double d) {
    return d == null ? null : Double.doubleToRawLongBits(d);
  }

  @Test
  void batchesCheckTargetsAndWidthsAsRowsDo() {
    LossKernel kernel =
        LossCatalog.get("cross_entropy").bind(Map.of(), List.of(Shape.ARRAY, Shape.SCALAR));
    double[] x = {1, 2, 3, 4, 5, 6};
    LossState state = kernel.newState();
    LossDataException bad =
        assertThrows(
            LossDataException.class,
            () ->
                kernel.addArrayRows(
                    new Sample(2).set(0, x, 0, 6, 3).set(1, new double[] {0, 3}, 0, 2, 1),
                    2,
                    3,
                    state));
    assertTrue(
        bad.getMessage().contains("target value 3 is out of range [0, 3)"), bad.getMessage());
    LossState three = kernel.newState();
    kernel.addArrayRows(
        new Sample(2).set(0, x, 0, 3, 3).set(1, new double[] {1}, 0, 1, 1), 1, 3, three);
    LossDataException width =
        assertThrows(
            LossDataException.class,
            () ->
                kernel.addArrayRows(
                    new Sample(2).set(0, x, 0, 4, 2).set(1, new double[] {1, 0}, 0, 2, 1),
                    2,
                    2,
                    three));
    assertTrue(
        width
            .getMessage()
            .contains("a row has 2 classes but earlier rows of its group " + "have 3"),
        width.getMessage());
  }
}
