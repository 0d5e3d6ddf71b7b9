package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.testing.SharedSpark;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The columns MLlib models write (a double {@code label}, {@code rawPrediction} and {@code
 * probability} Vectors) work as they are, and agree with MLlib's own evaluators.
 */
class MllibColumnsTest {
  private static Dataset<Row> predictions;

  @BeforeAll
  static void trainAModel() {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> data =
        spark
            .range(0, 600, 1, 2)
            .selectExpr(
                "CAST(id % 3 AS DOUBLE) AS label",
                "(id % 3) + randn(11) AS f1", "(id % 3) * 0.5D + randn(12) AS f2");
    Dataset<Row> features =
        new VectorAssembler()
            .setInputCols(new String[] {"f1", "f2"})
            .setOutputCol("features")
            .transform(data);
    LogisticRegressionModel model = new LogisticRegression().setMaxIter(20).fit(features);
    predictions =
        model
            .transform(features)
            .withColumn(
                "prob",
                org.apache.spark.ml.functions.vector_to_array(
                    org.apache.spark.sql.functions.col("probability"), "float64"))
            .cache();
    predictions.createOrReplaceTempView("mllib_predictions");
  }

  @Test
  void crossEntropyOfRawPredictionsIsMllibsLogLoss() {
    // Multinomial logistic regression: probability = softmax(rawPrediction), so PyTorch's
    // cross-entropy of the raw margins is MLlib's log loss (which clips p at 1e-15, never reached
    // here).
    double logLoss =
        new MulticlassClassificationEvaluator().setMetricName("logLoss").evaluate(predictions);
    double ce =
        SharedSpark.get()
            .sql("SELECT cross_entropy(rawPrediction, label) FROM mllib_predictions")
            .first()
            .getDouble(0);
    assertEquals(logLoss, ce, 1e-9 * logLoss);
    double nll =
        SharedSpark.get()
            .sql("SELECT nll_loss(transform(prob, " + "p -> ln(p)), label) FROM mllib_predictions")
            .first()
            .getDouble(0);
    assertEquals(logLoss, nll, 1e-9 * logLoss);
  }

  @Test
  void probabilityVectorsFeedProbabilityLosses() {
    // One-hot targets from the label: BCE over the probability Vector equals the per-class sum.
    double bce =
        SharedSpark.get()
            .sql(
                "SELECT binary_cross_entropy(probability, "
                    + "transform(sequence(0, 2), c -> IF(c = CAST(label AS INT), 1.0D, 0.0D)), 'sum') "
                    + "FROM mllib_predictions")
            .first()
            .getDouble(0);
    double manual =
        SharedSpark.get()
            .sql(
                "SELECT -sum(aggregate(sequence(0, 2), 0D, (acc, c) -> "
                    + "acc + IF(c = CAST(label AS INT), ln(prob[c]), "
                    + "ln(1 - prob[c])))) FROM mllib_predictions")
            .first()
            .getDouble(0);
    assertEquals(manual, bce, 1e-9 * manual);
  }

  @Test
  void mseOfPredictionsIsRegressionEvaluatorsMse() {
    double mse =
        new RegressionEvaluator()
            .setMetricName("mse")
            .setPredictionCol("prediction")
            .evaluate(predictions);
    double ours =
        SharedSpark.get()
            .sql("SELECT mse_loss(prediction, label) FROM mllib_predictions")
            .first()
            .getDouble(0);
    assertEquals(mse, ours, 1e-12 * Math.max(mse, 1e-300));
  }
}
