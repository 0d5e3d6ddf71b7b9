package io.losseval.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/model-selection.md's Java blocks are the code between the snippet markers below, which runs
 * here (its Python blocks run in python/tests/test_ml_docs.py).
 */
@Tag("compat")
class ModelSelectionDocsTest {
  private static final Path PAGE = Path.of("docs/model-selection.md");
  private static final Path SOURCE =
      Path.of("src/test/java/io/losseval/ml/ModelSelectionDocsTest.java");

  /** The fenced block after {@code <!-- snippet: name -->} in {@code page}. */
  static String snippet(Path page, String name) throws Exception {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    int marker = lines.indexOf("<!-- snippet: " + name + " -->");
    assertTrue(marker >= 0 && lines.get(marker + 1).startsWith("```"), page + ": no " + name);
    int end = marker + 2;
    while (!lines.get(end).equals("```")) {
      end++;
    }
    return String.join("\n", lines.subList(marker + 2, end));
  }

  /** The lines between {@code // snippet:name:start} and {@code :end} here, unindented. */
  private static String marked(String name) throws Exception {
    List<String> lines = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
    int from = -1;
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (line.trim().equals("// snippet:" + name + ":end")) {
        break;
      }
      if (from >= 0) {
        out.add(line.length() >= from ? line.substring(from) : line.trim());
      }
      if (line.trim().equals("// snippet:" + name + ":start")) {
        from = line.indexOf("//");
      }
    }
    return String.join("\n", out);
  }

  @Test
  void theJavaBlocksAreTheCodeThatRunsHere() throws Exception {
    for (String name : List.of("java-cross-validator", "java-evaluate-all")) {
      assertEquals(snippet(PAGE, name), marked(name), name);
    }
  }

  @Test
  void theJavaBlocksRun(@TempDir Path dir) throws Exception {
    Dataset<Row> all =
        new VectorAssembler()
            .setInputCols(new String[] {"f1", "f2"})
            .setOutputCol("features")
            .transform(
                SharedSpark.get()
                    .range(0, 600, 1, 1)
                    .selectExpr(
                        "CAST(id % 3 AS DOUBLE) AS label", "(id % 3) * 0.7D + randn(51) AS f1",
                        "randn(52) AS f2", "1.0D + id % 2 AS weight"));
    Dataset<Row> training = all.where("id % 5 <> 0");
    Dataset<Row> test = all.where("id % 5 = 0");
    String path = dir.resolve("cv").toString();
    // spotless:off
    // snippet:java-cross-validator:start
    LogisticRegression lr = new LogisticRegression().setMaxIter(30);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(lr.regParam(), new double[] {0.0, 0.03, 0.3, 3.0})
        .build();
    LossEvaluator crossEntropy = new LossEvaluator()
        .setLoss("cross_entropy")
        .setInputCols("rawPrediction", "label")   // logits, class index
        .setOption("label_smoothing", 0.05);
    CrossValidatorModel cv = new CrossValidator()
        .setEstimator(lr)
        .setEstimatorParamMaps(grid)
        .setEvaluator(crossEntropy)
        .setNumFolds(3)
        .setParallelism(4)
        .fit(training);
    double[] meanLossPerRegParam = cv.avgMetrics();
    cv.write().overwrite().save(path);
    CrossValidatorModel loaded = CrossValidatorModel.load(path);   // the evaluator comes back too
    // snippet:java-cross-validator:end
    // spotless:on
    assertEquals(4, meanLossPerRegParam.length);
    assertEquals(
        0.05,
        assertInstanceOf(LossEvaluator.class, loaded.getEvaluator())
            .getOptions()
            .get("label_smoothing"));
    // spotless:off
    // snippet:java-evaluate-all:start
    Dataset<Row> scored = cv.transform(test);
    Map<String, Double> losses = new LossEvaluator()
        .setInputCols("rawPrediction", "label")
        .evaluateAll(scored, "cross_entropy", "multi_margin_loss");
    double weighted = new LossEvaluator()
        .setLoss("cross_entropy")
        .setInputCols("rawPrediction", "label")
        .setWeightCol("weight")
        .evaluate(scored);
    // snippet:java-evaluate-all:end
    // spotless:on
    assertEquals(List.of("cross_entropy", "multi_margin_loss"), List.copyOf(losses.keySet()));
    assertTrue(weighted > 0 && weighted < 2, "weighted cross-entropy " + weighted);
  }
}
