package io.losseval.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossArgumentException;
import io.losseval.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link LossEvaluator} on a real MLlib model's output: the same bits as the SQL aggregate, one
 * pass for several losses, params refused with SQL's messages, and set by name as Spark Connect
 * sets them.
 */
@Tag("compat")
class LossEvaluatorTest {
  private static Dataset<Row> predictions;

  @BeforeAll
  static void predictions() {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> data =
        spark
            .range(0, 400, 1, 4)
            .selectExpr(
                "CAST(id % 3 AS DOUBLE) AS label", "(id % 3) + randn(21) AS f1",
                "(id % 3) * 0.5D + randn(22) AS f2", "CAST(1 + id % 4 AS DOUBLE) AS w");
    Dataset<Row> features =
        new VectorAssembler()
            .setInputCols(new String[] {"f1", "f2"})
            .setOutputCol("features")
            .transform(data);
    predictions = new LogisticRegression().setMaxIter(15).fit(features).transform(features).cache();
    predictions.createOrReplaceTempView("ml_eval_predictions");
  }

  private static double sql(String query) {
    return SharedSpark.get().sql(query).first().getDouble(0);
  }

  @Test
  void evaluateGivesTheBitsOfTheSqlAggregate() {
    LossEvaluator ce =
        new LossEvaluator()
            .setLoss("cross_entropy")
            .setInputCols("rawPrediction", "label")
            .setOption("label_smoothing", 0.1);
    assertEquals(
        Double.doubleToRawLongBits(
            sql(
                "SELECT cross_entropy(rawPrediction, label, "
                    + "'mean', named_struct('label_smoothing', 0.1D)) FROM ml_eval_predictions")),
        Double.doubleToRawLongBits(ce.evaluate(predictions)));
    // Two-argument losses default to Spark ML's prediction and label columns.
    LossEvaluator mse = new LossEvaluator().setLoss("mse_loss").setReduction("sum");
    assertEquals(
        Double.doubleToRawLongBits(
            sql("SELECT mse_loss(prediction, label, 'sum') FROM ml_eval_predictions")),
        Double.doubleToRawLongBits(mse.evaluate(predictions)));
    assertFalse(ce.isLargerBetter());
    assertEquals("cross_entropy", ce.getMetricName());
  }

  @Test
  void evaluateAllTakesOnePassAndGivesEachLossesBits() {
    LossEvaluator onLogits = new LossEvaluator().setInputCols("rawPrediction", "label");
    Map<String, Double> all =
        onLogits.evaluateAll(predictions, "cross_entropy", "multi_margin_loss");
    assertEquals(List.of("cross_entropy", "multi_margin_loss"), List.copyOf(all.keySet()));
    assertEquals(
        Double.doubleToRawLongBits(
            sql("SELECT multi_margin_loss(rawPrediction, label) FROM ml_eval_predictions")),
        Double.doubleToRawLongBits(all.get("multi_margin_loss")));
    assertEquals(
        Double.doubleToRawLongBits(
            onLogits.copy(ParamMap.empty()).setLoss("cross_entropy").evaluate(predictions)),
        Double.doubleToRawLongBits(all.get("cross_entropy")));

    Map<String, Double> mixed =
        LossEvaluator.evaluateAll(
            predictions,
            new LossEvaluator().setLoss("mse_loss"),
            new LossEvaluator().setLoss("l1_loss").setWeightCol("w"),
            new LossEvaluator()
                .setLoss("nll_loss")
                .setInputCols("rawPrediction", "label")
                .setWeightCol("w"));
    assertEquals(
        Double.doubleToRawLongBits(
            new LossEvaluator().setLoss("l1_loss").setWeightCol("w").evaluate(predictions)),
        Double.doubleToRawLongBits(mixed.get("l1_loss")));
    assertEquals(
        Double.doubleToRawLongBits(
            sql("SELECT mse_loss(prediction, label) FROM ml_eval_predictions")),
        Double.doubleToRawLongBits(mixed.get("mse_loss")));
    assertThrows(
        LossArgumentException.class,
        () ->
            LossEvaluator.evaluateAll(
                predictions,
                new LossEvaluator().setLoss("mse_loss"),
                new LossEvaluator().setLoss("mse_loss")));
  }

  @Test
  void wrongParamsAreRefusedWhenSetWithSqlsMessages() {
    String sqlUnknown =
        sqlError(
            "SELECT cross_entropy(rawPrediction, label, 'mean', "
                + "named_struct('label_smothing', 0.1D)) FROM ml_eval_predictions");
    LossEvaluator ce = new LossEvaluator().setLoss("cross_entropy");
    LossArgumentException unknown =
        assertThrows(LossArgumentException.class, () -> ce.setOption("label_smothing", 0.1));
    assertEquals(
        "LossEvaluator: no loss takes an option 'label_smothing'; options: beta, blank, "
            + "delta, distance_function, eps, full, ignore_index, label_smoothing, log_input, "
            + "log_target, margin, p, pos_weight, swap, weight, zero_infinity",
        unknown.getMessage());
    // an option of another loss: the loss's own message, as SQL's
    LossArgumentException notOfThisLoss =
        assertThrows(LossArgumentException.class, () -> ce.setOption("margin", 1.0));
    assertTrue(
        sqlUnknown.contains(
            "cross_entropy: unknown option 'label_smothing'; allowed: "
                + "weight, ignore_index, label_smoothing"),
        sqlUnknown);
    assertEquals(
        "cross_entropy: unknown option 'margin'; allowed: weight, ignore_index, "
            + "label_smoothing",
        notOfThisLoss.getMessage());

    String sqlRange =
        sqlError(
            "SELECT cross_entropy(rawPrediction, label, 'mean', "
                + "named_struct('label_smoothing', 1.5D)) FROM ml_eval_predictions");
    LossArgumentException range =
        assertThrows(LossArgumentException.class, () -> ce.setOption("label_smoothing", 1.5));
    assertTrue(sqlRange.contains(range.getMessage()), sqlRange + " vs " + range.getMessage());
    // the same check when Spark sets the param by name (loading, Spark Connect)
    assertThrows(LossArgumentException.class, () -> ce.set(ce.getParam("label_smoothing"), 1.5));
    assertThrows(LossArgumentException.class, () -> ce.setReduction("none"));
    LossArgumentException loss =
        assertThrows(
            LossArgumentException.class, () -> new LossEvaluator().setLoss("cross_entropie"));
    assertTrue(
        loss.getMessage().startsWith("unknown loss function 'cross_entropie'; known: "),
        loss.getMessage());
    assertThrows(
        LossArgumentException.class,
        () -> new LossEvaluator().setLoss("triplet_margin_loss").setInputCols("a", "b"));
    // with loss unset, a value no loss taking the option accepts
    assertThrows(
        LossArgumentException.class, () -> new LossEvaluator().setOption("label_smoothing", -1));
    // and a combination that stops fitting when the loss is set
    assertThrows(
        LossArgumentException.class,
        () -> new LossEvaluator().setOption("margin", 2.0).setLoss("mse_loss"));
    assertEquals(
        "LossEvaluator: set loss (one of mse_loss, cross_entropy, binary_cross_entropy, "
            + "kl_div, hinge_embedding_loss, l1_loss, smooth_l1_loss, huber_loss, soft_margin_loss, "
            + "binary_cross_entropy_with_logits, poisson_nll_loss, gaussian_nll_loss, "
            + "margin_ranking_loss, nll_loss, multi_margin_loss, multilabel_margin_loss, "
            + "multilabel_soft_margin_loss, cosine_embedding_loss, triplet_margin_loss, "
            + "triplet_margin_with_distance_loss, ctc_loss)",
        assertThrows(LossArgumentException.class, () -> new LossEvaluator().evaluate(predictions))
            .getMessage());
  }

  private static String sqlError(String query) {
    Exception e = assertThrows(Exception.class, () -> SharedSpark.get().sql(query).collect());
    return e.getMessage();
  }

  @Test
  void optionsTakeSqlsTypes() {
    LossEvaluator e =
        new LossEvaluator()
            .setLoss("multi_margin_loss")
            .setOption("p", 2)
            .setOption("weight", List.of(1, 2, 0.5));
    assertEquals(2.0, e.getOptions().get("p"));
    assertEquals(
        List.of(1.0, 2.0, 0.5),
        java.util.Arrays.stream((double[]) e.getOptions().get("weight")).boxed().toList());
    assertEquals(
        Double.doubleToRawLongBits(
            sql(
                "SELECT multi_margin_loss(rawPrediction, label, "
                    + "'mean', named_struct('p', 2, 'weight', array(1, 2, 0.5))) FROM ml_eval_predictions")),
        Double.doubleToRawLongBits(e.setInputCols("rawPrediction", "label").evaluate(predictions)));
    assertEquals(
        -7L,
        new LossEvaluator().setOption("ignore_index", 7 - 14).getOptions().get("ignore_index"));
    LossArgumentException whole =
        assertThrows(
            LossArgumentException.class,
            () -> new LossEvaluator().setLoss("nll_loss").setOption("ignore_index", 1.5));
    assertEquals(
        "nll_loss: option 'ignore_index' must be a whole number, got 1.5", whole.getMessage());
  }

  @Test
  void sparkConnectsWayOfBuildingItWorks() throws Exception {
    // What Spark Connect's ML does: the registered class, built from a uid, params set by name.
    List<String> registered = new java.util.ArrayList<>();
    java.util.ServiceLoader.load(Evaluator.class)
        .forEach(e -> registered.add(e.getClass().getName()));
    assertTrue(registered.contains(LossEvaluator.class.getName()), registered.toString());
    Evaluator e =
        (Evaluator)
            Class.forName(LossEvaluator.class.getName())
                .getConstructor(String.class)
                .newInstance("lossEval_connect");
    e.set(e.getParam("loss"), "cross_entropy");
    e.set(e.getParam("inputCols"), new String[] {"rawPrediction", "label"});
    e.set(e.getParam("label_smoothing"), 0.1);
    assertEquals("lossEval_connect", e.uid());
    assertEquals(
        Double.doubleToRawLongBits(
            new LossEvaluator()
                .setLoss("cross_entropy")
                .setInputCols("rawPrediction", "label")
                .setOption("label_smoothing", 0.1)
                .evaluate(predictions)),
        Double.doubleToRawLongBits(e.evaluate(predictions)));
  }

  @Test
  void paramsAreListedAndCopied() {
    LossEvaluator e = new LossEvaluator().setLoss("huber_loss").setOption("delta", 0.5);
    List<String> names = java.util.Arrays.stream(e.params()).map(p -> p.name()).toList();
    assertTrue(
        names.containsAll(
            List.of(
                "loss",
                "reduction",
                "inputCols",
                "predictionCol",
                "labelCol",
                "weightCol",
                "delta",
                "label_smoothing")),
        names.toString());
    assertEquals(names.stream().sorted().toList(), names);
    LossEvaluator copy = e.copy(ParamMap.empty());
    assertEquals(e.uid(), copy.uid());
    assertEquals(Map.of("delta", 0.5), copy.getOptions());
    assertEquals("mean", copy.getReduction());
  }
}
