package io.losseval.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossDefinition;
import io.losseval.core.loss.LossCatalog;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.Fixtures;
import io.losseval.fixtures.SparkFrames;
import io.losseval.testing.SharedSpark;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code weightCol} against PyTorch's per-row losses weighted by hand: for every loss and every
 * fixture case whose per-row values are finite, the weighted 'sum', 'batchmean' and 'mean' of
 * {@link WeightedLosses}'s definition, computed here with exact decimal arithmetic from the
 * fixtures' {@code expected_rows} (real PyTorch, float64) and weights chosen here; the same bits on
 * 1 and 3 partitions; and with every weight 1, PyTorch's own reductions.
 */
@Tag("compat")
class WeightedLossesTest {
  private static final double[] WEIGHTS = {0.5, 2.0, 1.25, 0.0, 3.0, 0.75, 1e-3};

  static Stream<String> losses() {
    return LossCatalog.all().stream().map(LossDefinition::name);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void weightedReductionsArePyTorchsRowsWeightedByHand(String loss) {
    LossDefinition d = LossCatalog.get(loss);
    int checked = 0;
    for (FixtureCase c : Fixtures.load(loss)) {
      Reference ref = reference(d, c);
      if (ref == null) {
        continue; // no rows, or a non-finite per-row value: nothing exact to compare with
      }
      Dataset<Row> frame = frame(c);
      for (String reduction : List.of("sum", "batchmean", "mean")) {
        double ours = evaluator(c, reduction, "w").evaluate(frame.coalesce(1));
        double expected = ref.value(reduction);
        assertTrue(
            Fixtures.close(expected, ours),
            loss
                + " "
                + c.id()
                + " "
                + reduction
                + ": expected "
                + expected
                + " (PyTorch's rows weighted by hand), got "
                + ours);
      }
      double one = evaluator(c, "mean", "w").evaluate(frame.coalesce(1));
      double three = evaluator(c, "mean", "w").evaluate(frame.repartition(3));
      assertEquals(
          Double.doubleToRawLongBits(one),
          Double.doubleToRawLongBits(three),
          loss + " " + c.id() + ": 1 vs 3 partitions");
      Double pytorchMean = c.expected().get("mean");
      Fixtures.assertClose(
          pytorchMean,
          evaluator(c, "mean", "one").evaluate(frame),
          loss + " " + c.id() + " with every weight 1");
      checked++;
    }
    assertTrue(checked >= 3, loss + ": only " + checked + " cases checked");
  }

  private static LossEvaluator evaluator(FixtureCase c, String reduction, String weightCol) {
    String[] cols = new String[c.argKinds().size()];
    for (int a = 0; a < cols.length; a++) {
      cols[a] = "a" + a;
    }
    LossEvaluator e =
        new LossEvaluator()
            .setLoss(c.function())
            .setReduction(reduction)
            .setInputCols(cols)
            .setWeightCol(weightCol);
    c.options().forEach(e::setOption);
    return e;
  }

  /** The case's rows with a weight column {@code w} (from {@link #WEIGHTS}) and {@code one}. */
  private static Dataset<Row> frame(FixtureCase c) {
    List<StructField> fields =
        new ArrayList<>(SparkFrames.argumentFields(c, SparkFrames.ArrayStorage.ARRAY));
    fields.add(DataTypes.createStructField("w", DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField("one", DataTypes.DoubleType, false));
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < c.rows(); r++) {
      Object[] args = SparkFrames.argumentValues(c, r, SparkFrames.ArrayStorage.ARRAY);
      Object[] values = java.util.Arrays.copyOf(args, args.length + 2);
      values[args.length] = WEIGHTS[r % WEIGHTS.length];
      values[args.length + 1] = 1.0;
      rows.add(RowFactory.create(values));
    }
    return SharedSpark.get().createDataFrame(rows, DataTypes.createStructType(fields));
  }

  /** Exact weighted sums of a case's PyTorch rows. */
  private record Reference(
      BigDecimal loss, BigDecimal share, BigDecimal weight, BigDecimal perLength, boolean ctc) {
    double value(String reduction) {
      switch (reduction) {
        case "sum":
          return loss.doubleValue();
        case "batchmean":
          return loss.doubleValue() / weight.doubleValue();
        default:
          return ctc
              ? perLength.doubleValue() / weight.doubleValue()
              : loss.doubleValue() / share.doubleValue();
      }
    }
  }

  /** The definition in {@link WeightedLosses}, over {@code expected_rows}; null if not exact. */
  private static Reference reference(LossDefinition d, FixtureCase c) {
    BigDecimal loss = BigDecimal.ZERO;
    BigDecimal share = BigDecimal.ZERO;
    BigDecimal weight = BigDecimal.ZERO;
    BigDecimal perLength = BigDecimal.ZERO;
    boolean ctc = d.name().equals("ctc_loss");
    boolean classIndex =
        d.name().equals("nll_loss")
            || d.name().equals("cross_entropy") && c.argKinds().get(1).equals("label");
    int rows = 0;
    for (int r = 0; r < c.rows(); r++) {
      Object expected = c.expectedRows().get(r);
      if (expected == null) {
        continue; // a NULL row, skipped as SQL skips it
      }
      double[] values = expected instanceof double[] a ? a : new double[] {(Double) expected};
      BigDecimal w = new BigDecimal(WEIGHTS[r % WEIGHTS.length]);
      BigDecimal rowSum = BigDecimal.ZERO;
      for (double v : values) {
        if (!Double.isFinite(v * WEIGHTS[r % WEIGHTS.length])) {
          return null; // the product overflows, as PyTorch's w * l would
        }
        rowSum = rowSum.add(new BigDecimal(v));
      }
      loss = loss.add(w.multiply(rowSum));
      weight = weight.add(w);
      // PyTorch's numel / C is 0 / 0 for cross_entropy rows of no classes
      double n =
          d.elementwise()
              ? values.length
              : d.name().equals("cross_entropy") && ((double[]) c.args().get(0).get(r)).length == 0
                  ? 0
                  : 1;
      if (classIndex) {
        long y = ((Number) c.args().get(1).get(r)).longValue();
        Object ignore = c.options().getOrDefault("ignore_index", -100L);
        Object classWeights = c.options().get("weight");
        n =
            y == ((Number) ignore).longValue()
                ? 0
                : classWeights instanceof double[] cw
                    ? cw[(int) y]
                    : classWeights instanceof Number one ? one.doubleValue() : 1;
      }
      share = share.add(w.multiply(new BigDecimal(n)));
      if (ctc) {
        int length = Math.max(((long[]) c.args().get(1).get(r)).length, 1);
        perLength =
            perLength.add(
                w.multiply(rowSum.divide(new BigDecimal(length), MathContext.DECIMAL128)));
      }
      rows++;
    }
    return rows == 0 ? null : new Reference(loss, share, weight, perLength, ctc);
  }

  @Test
  void sumsAreExactAndPartitionIndependent() {
    // Terms built to cancel: a naive double sum of w * (x - y)^2 in row order loses them.
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 4000; r++) {
      double big = (r % 2 == 0 ? 1 : -1) * Math.scalb(1.0, 60 - r % 50);
      rows.add(RowFactory.create(big + (r % 7) * 1e-3, (double) (r % 5), 0.1 * (r % 11)));
    }
    Dataset<Row> data =
        SharedSpark.get()
            .createDataFrame(
                rows,
                DataTypes.createStructType(
                    List.of(
                        DataTypes.createStructField("prediction", DataTypes.DoubleType, false),
                        DataTypes.createStructField("label", DataTypes.DoubleType, false),
                        DataTypes.createStructField("w", DataTypes.DoubleType, false))));
    LossEvaluator e = new LossEvaluator().setLoss("l1_loss").setReduction("sum").setWeightCol("w");
    long one = Double.doubleToRawLongBits(e.evaluate(data.coalesce(1)));
    for (int parts : new int[] {2, 7, 64}) {
      assertEquals(
          one,
          Double.doubleToRawLongBits(e.evaluate(data.repartition(parts))),
          parts + " partitions");
    }
    assertEquals(
        one,
        Double.doubleToRawLongBits(
            e.evaluate(data.orderBy(org.apache.spark.sql.functions.rand(3)))),
        "shuffled rows");
    // the exact value: each w * |x - y| (with |x - y| as PyTorch rounds it) summed in decimal
    BigDecimal exact = BigDecimal.ZERO;
    for (Row r : rows) {
      exact =
          exact.add(
              new BigDecimal(r.getDouble(2))
                  .multiply(new BigDecimal(Math.abs(r.getDouble(0) - r.getDouble(1)))));
    }
    double ours = Double.longBitsToDouble(one);
    assertTrue(
        exact.subtract(new BigDecimal(ours)).abs().compareTo(new BigDecimal(Math.ulp(ours) / 2))
            <= 0,
        exact + " rounds to " + ours);
  }

  @Test
  void badWeightsAndEmptyData() {
    Dataset<Row> data =
        SharedSpark.get()
            .sql(
                "SELECT * FROM VALUES (1.0D, 2.0D, -1.0D), "
                    + "(1.0D, 3.0D, CAST(NULL AS DOUBLE)) AS t(prediction, label, w)");
    Exception e =
        assertThrows(
            Exception.class,
            () -> new LossEvaluator().setLoss("mse_loss").setWeightCol("w").evaluate(data));
    assertTrue(
        String.valueOf(e.getMessage())
            .contains(
                "LossEvaluator(mse_loss): weightCol 'w' holds -1.0; weights must be finite and >= 0"),
        e.getMessage());
    // NULL weights skip their row; no row left gives NaN, as SQL's NULL
    assertTrue(
        Double.isNaN(
            new LossEvaluator()
                .setLoss("mse_loss")
                .setWeightCol("w")
                .evaluate(data.where("w IS NULL"))));
    assertTrue(Double.isNaN(new LossEvaluator().setLoss("mse_loss").evaluate(data.limit(0))));
  }
}
