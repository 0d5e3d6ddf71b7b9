package io.losseval.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.core.Reduction;
import io.losseval.testing.DocSnippets;
import io.losseval.testing.SharedSpark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/spatial.md: one row per position gives PyTorch's {@code cross_entropy} and {@code nll_loss}
 * of (N, C, H, W) tensors. Its snippets run over the tensors of
 * src/test/resources/spatial/segmentation.json and match the values PyTorch computed for the whole
 * tensors ({@code tools/generate_spatial_fixtures.py}) to 1e-12 relative.
 */
class SpatialDocsTest {
  private static final String PAGE = "docs/spatial.md";
  private static final Path SOURCE =
      Path.of("src/test/java/io/losseval/spark/SpatialDocsTest.java");
  private static final double RELATIVE = 1e-12;

  @ParameterizedTest
  @ValueSource(strings = {"small", "wide"})
  void pixelRowsGivePyTorchsLossOfTheWholeTensor(String name) throws IOException {
    JsonNode set = dataSet(name);
    SparkSession spark = SharedSpark.get();
    images(spark, set).createOrReplaceTempView("images");
    spark.sql(DocSnippets.block(PAGE, "positions-view"));
    JsonNode shape = set.get("shape");
    long positions = shape.get(0).asLong() * shape.get(2).asLong() * shape.get(3).asLong();
    assertEquals(positions, spark.table("pixels").count(), "one row per position");
    JsonNode expected = set.get("expected");
    double[] weight = doubles(set.get("weight"));

    if (name.equals("small")) { // the page's SQL writes this set's 4 class weights
      Row sql = spark.sql(DocSnippets.block(PAGE, "pixel-losses")).first();
      assertClose(expected.get("cross_entropy_mean"), sql.getDouble(0));
      assertClose(expected.get("cross_entropy_sum"), sql.getDouble(1));
      assertArrayEquals(new double[] {1.0, 2.0, 0.5, 1.5}, weight);
    }

    // spotless:off

    // snippet: pixel-losses-java start
    Dataset<Row> pixels = spark.table("pixels");
    Map<String, Object> options = Map.of("weight", weight, "ignore_index", 255);
    Map<String, Object> smoothed = Map.of("weight", weight, "ignore_index", 255, "label_smoothing", 0.1);
    Row losses = pixels.agg(
        LossColumns.loss("cross_entropy", Reduction.MEAN, smoothed,
            col("pixel_logits"), col("pixel_label")).as("ce_smoothed_mean"),
        LossColumns.loss("nll_loss", Reduction.MEAN, options,
            col("pixel_log_probs"), col("pixel_label")).as("nll_mean"),
        LossColumns.loss("nll_loss", Reduction.SUM, options,
            col("pixel_log_probs"), col("pixel_label")).as("nll_sum")).first();
    // snippet: pixel-losses-java end
    // spotless:on
    assertEquals(
        DocSnippets.code(SOURCE, "pixel-losses-java"),
        DocSnippets.block(PAGE, "pixel-losses-java"),
        PAGE + " must show the code this test runs");
    assertClose(expected.get("cross_entropy_smoothed_mean"), losses.getDouble(0));
    assertClose(expected.get("nll_loss_mean"), losses.getDouble(1));
    assertClose(expected.get("nll_loss_sum"), losses.getDouble(2));

    // the same through the Dataset API for the other calls PyTorch made
    Row rest =
        pixels
            .agg(
                LossColumns.loss(
                    "cross_entropy",
                    Reduction.MEAN,
                    options,
                    col("pixel_logits"),
                    col("pixel_label")),
                LossColumns.loss(
                    "cross_entropy",
                    Reduction.SUM,
                    options,
                    col("pixel_logits"),
                    col("pixel_label")),
                LossColumns.loss(
                    "cross_entropy",
                    Reduction.SUM,
                    smoothed,
                    col("pixel_logits"),
                    col("pixel_label")))
            .first();
    assertClose(expected.get("cross_entropy_mean"), rest.getDouble(0));
    assertClose(expected.get("cross_entropy_sum"), rest.getDouble(1));
    assertClose(expected.get("cross_entropy_smoothed_sum"), rest.getDouble(2));
  }

  private static void assertClose(JsonNode torch, double actual) {
    double expected = torch.asDouble();
    assertEquals(expected, actual, RELATIVE * Math.abs(expected), "PyTorch: " + torch);
  }

  private static JsonNode dataSet(String name) throws IOException {
    try (InputStream in = SpatialDocsTest.class.getResourceAsStream("/spatial/segmentation.json")) {
      for (JsonNode set : new ObjectMapper().readTree(in).get("sets")) {
        if (set.get("name").asText().equals(name)) {
          return set;
        }
      }
    }
    throw new IllegalArgumentException("no data set " + name);
  }

  /** One row per image: id, logits [C][H][W], log_probs [C][H][W], label [H][W]. */
  private static Dataset<Row> images(SparkSession spark, JsonNode set) {
    var cube =
        DataTypes.createArrayType(
            DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("logits", cube)
            .add("log_probs", cube)
            .add(
                "label",
                DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.IntegerType)));
    List<Row> rows = new ArrayList<>();
    for (JsonNode image : set.get("images")) {
      rows.add(
          RowFactory.create(
              image.get("id").asInt(),
              nested(image.get("logits")),
              nested(image.get("log_probs")),
              nested(image.get("label"))));
    }
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  /** Nested JSON arrays as nested Java lists of Double or Integer. */
  private static Object nested(JsonNode v) {
    if (!v.isArray()) {
      return v.isIntegralNumber() ? (Object) v.asInt() : (Object) v.asDouble();
    }
    List<Object> out = new ArrayList<>();
    v.forEach(x -> out.add(nested(x)));
    return out;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
