package io.losseval.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.losseval.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model selection with {@link LossEvaluator}: CrossValidator and TrainValidationSplit pick the
 * model MLlib's own evaluators pick, with the same fold averages; several threads give the same
 * bits as one; a CrossValidatorModel holding the evaluator saves and loads.
 *
 * <p>The data sit in one partition so that MLlib's fits (whose tree aggregation merges partition
 * results in completion order) are themselves deterministic; what is compared is then the
 * evaluations alone.
 */
@Tag("compat")
class ModelSelectionTest {
  private static Dataset<Row> classes;
  private static Dataset<Row> numbers;

  @BeforeAll
  static void data() {
    // Three overlapping classes in three features, and a noisy linear target.
    Dataset<Row> raw =
        SharedSpark.get()
            .range(0, 900, 1, 1)
            .selectExpr(
                "CAST(id % 3 AS DOUBLE) AS label", "(id % 3) * 0.8D + randn(31) AS f1",
                "(id % 3) * -0.5D + randn(32) AS f2", "randn(33) AS f3",
                "2.0D * randn(34) AS x1", "randn(35) AS x2");
    Dataset<Row> assembled =
        new VectorAssembler()
            .setInputCols(new String[] {"f1", "f2", "f3"})
            .setOutputCol("features")
            .transform(raw);
    classes = assembled.select("label", "features").cache();
    numbers =
        new VectorAssembler()
            .setInputCols(new String[] {"x1", "x2"})
            .setOutputCol("features")
            .transform(raw)
            .selectExpr("1.5D * x1 - 0.7D * x2 + 0.5D * randn(36) AS label", "features")
            .cache();
  }

  private static ParamMap[] regGrid(Estimator<?> e, org.apache.spark.ml.param.DoubleParam reg) {
    return new ParamGridBuilder().addGrid(reg, new double[] {0.0, 0.03, 0.3, 3.0}).build();
  }

  private static CrossValidator logisticCv(Evaluator evaluator, int parallelism) {
    LogisticRegression lr = new LogisticRegression().setMaxIter(30);
    return new CrossValidator()
        .setEstimator(lr)
        .setEstimatorParamMaps(regGrid(lr, lr.regParam()))
        .setEvaluator(evaluator)
        .setNumFolds(3)
        .setSeed(7)
        .setParallelism(parallelism);
  }

  private static LossEvaluator crossEntropyOnLogits() {
    return new LossEvaluator().setLoss("cross_entropy").setInputCols("rawPrediction", "label");
  }

  private static int best(double[] metrics, boolean largerBetter) {
    int best = 0;
    for (int k = 1; k < metrics.length; k++) {
      if (largerBetter ? metrics[k] > metrics[best] : metrics[k] < metrics[best]) {
        best = k;
      }
    }
    return best;
  }

  private static void assertSameChoice(double[] mllib, double[] ours, String what) {
    assertEquals(
        best(mllib, false),
        best(ours, false),
        what + ": " + Arrays.toString(mllib) + " vs " + Arrays.toString(ours));
    for (int k = 0; k < mllib.length; k++) {
      assertEquals(mllib[k], ours[k], 1e-9, what + " metric " + k);
    }
  }

  @Test
  void crossValidatorPicksMllibsLogLossModel() {
    CrossValidatorModel mllib =
        logisticCv(new MulticlassClassificationEvaluator().setMetricName("logLoss"), 1)
            .fit(classes);
    CrossValidatorModel ours = logisticCv(crossEntropyOnLogits(), 1).fit(classes);
    assertSameChoice(mllib.avgMetrics(), ours.avgMetrics(), "cross_entropy vs logLoss");
    assertEquals(
        ((LogisticRegressionModel) mllib.bestModel()).getRegParam(),
        ((LogisticRegressionModel) ours.bestModel()).getRegParam());
  }

  @Test
  void crossValidatorPicksRegressionEvaluatorsMseModel() {
    LinearRegression lr = new LinearRegression();
    ParamMap[] grid = regGrid(lr, lr.regParam());
    CrossValidator cv =
        new CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid).setNumFolds(3).setSeed(8);
    double[] mllib =
        cv.copy(ParamMap.empty())
            .setEvaluator(new RegressionEvaluator().setMetricName("mse"))
            .fit(numbers)
            .avgMetrics();
    double[] ours =
        cv.copy(ParamMap.empty())
            .setEvaluator(new LossEvaluator().setLoss("mse_loss"))
            .fit(numbers)
            .avgMetrics();
    assertSameChoice(mllib, ours, "mse_loss vs mse");
  }

  @Test
  void trainValidationSplitAgrees() {
    LogisticRegression lr = new LogisticRegression().setMaxIter(30);
    TrainValidationSplit tvs =
        new TrainValidationSplit()
            .setEstimator(lr)
            .setEstimatorParamMaps(regGrid(lr, lr.regParam()))
            .setTrainRatio(0.7)
            .setSeed(9);
    TrainValidationSplitModel mllib =
        tvs.copy(ParamMap.empty())
            .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("logLoss"))
            .fit(classes);
    TrainValidationSplitModel ours =
        tvs.copy(ParamMap.empty()).setEvaluator(crossEntropyOnLogits()).fit(classes);
    assertSameChoice(mllib.validationMetrics(), ours.validationMetrics(), "TrainValidationSplit");
  }

  @Test
  void fourThreadsGiveTheBitsOfOne() {
    LossEvaluator smoothed = crossEntropyOnLogits().setOption("label_smoothing", 0.05);
    double[] one = logisticCv(smoothed, 1).fit(classes).avgMetrics();
    double[] four = logisticCv(smoothed, 4).fit(classes).avgMetrics();
    assertArrayEquals(bits(one), bits(four));
    LossEvaluator weighted = crossEntropyOnLogits().setWeightCol("label");
    assertArrayEquals(
        bits(logisticCv(weighted, 1).fit(classes).avgMetrics()),
        bits(logisticCv(weighted, 4).fit(classes).avgMetrics()));
  }

  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void aCrossValidatorModelWithTheEvaluatorSavesAndLoads(@TempDir Path dir) throws Exception {
    LossEvaluator evaluator =
        crossEntropyOnLogits()
            .setReduction("sum")
            .setOption("weight", new double[] {1.0, 2.0, 0.5})
            .setOption("ignore_index", 2);
    CrossValidatorModel model = logisticCv(evaluator, 2).fit(classes);
    String path = dir.resolve("cv").toString();
    model.write().save(path);
    assertEquals(true, Files.isDirectory(dir.resolve("cv").resolve("evaluator")));

    CrossValidatorModel loaded = CrossValidatorModel.load(path);
    LossEvaluator back = assertInstanceOf(LossEvaluator.class, loaded.getEvaluator());
    assertEquals(evaluator.uid(), back.uid());
    assertEquals("cross_entropy", back.getLoss());
    assertEquals("sum", back.getReduction());
    assertArrayEquals(new String[] {"rawPrediction", "label"}, back.getOrDefault(back.inputCols()));
    assertEquals(2L, back.getOptions().get("ignore_index"));
    assertArrayEquals(new double[] {1.0, 2.0, 0.5}, (double[]) back.getOptions().get("weight"));
    assertArrayEquals(bits(model.avgMetrics()), bits(loaded.avgMetrics()));
    Dataset<Row> scored = loaded.transform(classes);
    assertEquals(
        Double.doubleToRawLongBits(evaluator.evaluate(scored)),
        Double.doubleToRawLongBits(back.evaluate(scored)));

    // the evaluator alone, too
    String alone = dir.resolve("evaluator").toString();
    evaluator.save(alone);
    assertEquals(
        Map.of("ignore_index", 2L).get("ignore_index"),
        LossEvaluator.load(alone).getOptions().get("ignore_index"));
  }
}
