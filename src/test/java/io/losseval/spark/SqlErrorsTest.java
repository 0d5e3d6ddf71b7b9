package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad queries fail when analysed, before any job runs; bad rows fail the job. Every message names
 * the function, the offending value and what is allowed; row errors also name the column.
 */
class SqlErrorsTest {
  private static SparkSession spark;

  @BeforeAll
  static void data() {
    spark = SharedSpark.get();
    spark
        .sql(
            "SELECT * FROM VALUES "
                + "(0.2D, 0.0D, array(1.0D, 2.0D, 3.0D), 1, 1.0D, 'mean'), "
                + "(0.9D, 1.0D, array(0.5D, 0.1D, -1.0D), 2, 2.0D, 'sum') "
                + "AS t(p, y, logits, label, dlabel, s)")
        .createOrReplaceTempView("err_t");
  }

  /** Analysis-time failure: {@code spark.sql} itself throws, nothing is collected. */
  private static void assertAnalysisError(String query, String... fragments) {
    Throwable e = assertThrows(Throwable.class, () -> spark.sql(query));
    assertMessage(e, fragments);
  }

  /** Run-time failure on a bad row. */
  private static void assertRowError(String query, String... fragments) {
    Throwable e = assertThrows(Throwable.class, () -> spark.sql(query).collect());
    assertMessage(e, fragments);
  }

  private static void assertMessage(Throwable e, String... fragments) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    for (String f : fragments) {
      assertTrue(all.toString().contains(f), "message lacks '" + f + "':\n" + all);
    }
  }

  @Test
  void wrongReductionNamesTheChoices() {
    assertAnalysisError(
        "SELECT mse_loss(p, y, 'avg') FROM err_t",
        "mse_loss",
        "'avg'",
        "allowed: 'mean', 'sum', 'batchmean'");
  }

  @Test
  void reductionMustBeConstant() {
    assertAnalysisError(
        "SELECT mse_loss(p, y, s) FROM err_t", "mse_loss", "reduction must be a constant");
  }

  @Test
  void unknownOptionNamesTheKnownOnes() {
    assertAnalysisError(
        "SELECT cross_entropy(logits, label, 'mean', named_struct('wieght', array(1.0D))) FROM err_t",
        "cross_entropy",
        "unknown option 'wieght'",
        "allowed: weight, ignore_index, label_smoothing");
    assertAnalysisError(
        "SELECT mse_loss(p, y, 'mean', named_struct('margin', 1)) FROM err_t",
        "mse_loss",
        "unknown option 'margin'",
        "takes no options");
  }

  @Test
  void optionsMustBeConstant() {
    assertAnalysisError(
        "SELECT cross_entropy(logits, label, 'mean', named_struct('label_smoothing', p)) FROM err_t",
        "cross_entropy",
        "options must be a constant");
  }

  @Test
  void optionValuesAreCheckedAgainstTheirRange() {
    assertAnalysisError(
        "SELECT cross_entropy(logits, label, 'mean', named_struct('label_smoothing', 1.5)) FROM err_t",
        "cross_entropy",
        "'label_smoothing' = 1.5",
        "between 0.0 and 1.0");
    assertAnalysisError(
        "SELECT cross_entropy(logits, label, 'mean', named_struct('ignore_index', 'x')) FROM err_t",
        "cross_entropy",
        "'ignore_index' must be a whole number",
        "'x'");
    assertAnalysisError(
        "SELECT cross_entropy(logits, logits, 'mean', named_struct('ignore_index', 0)) FROM err_t",
        "cross_entropy",
        "'ignore_index' = 0",
        "class-probability targets");
    assertAnalysisError(
        "SELECT binary_cross_entropy(p, y, 'sum', named_struct('weight', array(1.0D, 2.0D))) FROM err_t",
        "binary_cross_entropy",
        "'weight' = [1.0, 2.0]",
        "single number");
  }

  @Test
  void numericOptionsAcceptAnyNumericLiteral() {
    for (String v : List.of("2", "2.0", "CAST(2 AS DOUBLE)", "2.0D", "CAST(2 AS BIGINT)")) {
      double got =
          spark
              .sql(
                  "SELECT hinge_embedding_loss(p, y, 'sum', named_struct('margin', "
                      + v
                      + ")) FROM err_t")
              .first()
              .getDouble(0);
      double expected =
          spark
              .sql(
                  "SELECT hinge_embedding_loss(p, y, 'sum', named_struct('margin', 2.0D)) FROM err_t")
              .first()
              .getDouble(0);
      assertTrue(got == expected, v + " gave " + got + " instead of " + expected);
    }
    double viaMap =
        spark
            .sql("SELECT hinge_embedding_loss(p, y, 'sum', map('margin', 2)) FROM err_t")
            .first()
            .getDouble(0);
    assertTrue(
        viaMap
            == spark
                .sql(
                    "SELECT hinge_embedding_loss(p, y, 'sum', named_struct('margin', 2)) FROM err_t")
                .first()
                .getDouble(0),
        "map(...) options");
  }

  @Test
  void argumentTypesAndCountsAreChecked() {
    assertAnalysisError(
        "SELECT mse_loss('a', y) FROM err_t", "mse_loss", "input", "type string", "allowed:");
    assertAnalysisError("SELECT mse_loss(p) FROM err_t", "mse_loss takes 2 tensor arguments");
    assertAnalysisError(
        "SELECT mse_loss(p, logits) FROM err_t",
        "mse_loss",
        "input is a number",
        "target is an array");
    assertAnalysisError(
        "SELECT cross_entropy(p, label) FROM err_t", "cross_entropy", "input must be an array");
    assertAnalysisError(
        "SELECT mse_loss(p, y, 'sum', 'mean') FROM err_t", "mse_loss", "argument 4");
  }

  @Test
  void classIndexOutOfRangeNamesValueRangeAndColumn() {
    assertRowError(
        "SELECT cross_entropy(logits, IF(label = 1, label + 5, label)) FROM err_t",
        "cross_entropy",
        "target value 6 is out of range [0, 3)",
        "[column: (IF(",
        "err_t.label");
    assertRowError(
        "SELECT cross_entropy(logits, IF(dlabel = 1.0D, 1.5D, dlabel)) FROM err_t",
        "cross_entropy",
        "target value 1.5 is not a whole-number class index");
  }

  @Test
  void lengthMismatchesNameBothLengths() {
    assertRowError(
        "SELECT mse_loss(logits, array(1.0D, 2.0D)) FROM err_t",
        "mse_loss",
        "input has 3 elements but target has 2",
        "[column: array(1.0D, 2.0D)]");
    assertRowError(
        "SELECT cross_entropy(logits, label, 'mean', named_struct('weight', array(1.0D, 2.0D))) FROM err_t",
        "cross_entropy",
        "input has 3 classes but option 'weight' has 2 values");
    assertRowError(
        "SELECT cross_entropy(logits, array(0.5D, 0.5D)) FROM err_t",
        "cross_entropy",
        "input has 3 classes but target has 2 probabilities");
  }

  @Test
  void aHugeLabelPrintsAsAWholeNumber() {
    // 2^53 + 1: read as the nearest double, 2^53, which is no longer printed as 9.007...E15.
    assertRowError(
        "SELECT cross_entropy(logits, 9007199254740993L) FROM err_t",
        "cross_entropy",
        "target value about 9007199254740992 is out of range [0, 3)");
  }

  @Test
  void anArgumentOfTheWrongShapeNamesItsColumn() {
    assertAnalysisError(
        "SELECT cross_entropy(p, label) FROM err_t",
        "cross_entropy: input must be",
        "got a number [column: ",
        "p]");
  }

  @Test
  void probabilitiesOutsideTheUnitIntervalAreRejected() {
    assertRowError(
        "SELECT binary_cross_entropy(IF(p > 0.5D, p + 1.0D, p), y) FROM err_t",
        "binary_cross_entropy",
        "input value 1.9 is out of range [0, 1]",
        "[column: (IF(",
        "err_t.p");
    assertRowError(
        "SELECT binary_cross_entropy(p, IF(y = 0.0D, -2.0D, y)) FROM err_t",
        "binary_cross_entropy",
        "target value -2.0 is out of range [0, 1]");
  }

  @Test
  void nullElementsInsideArraysAreRejectedNotSkipped() {
    assertRowError(
        "SELECT mse_loss(array(p, CAST(NULL AS DOUBLE)), array(y, y)) FROM err_t",
        "NULL element at position 1");
  }

  @Test
  void perRowFunctionsCheckTheSameWay() {
    assertAnalysisError(
        "SELECT mse_loss_none(p, y, 'sum') FROM err_t", "mse_loss_none", "argument 3");
    assertRowError(
        "SELECT cross_entropy_none(logits, label + 5) FROM err_t",
        "cross_entropy",
        "out of range [0, 3)");
  }

  @Test
  void rowsOfDifferentWidthInOneGroupFailInOnePartitionAndAcrossPartitions() {
    // logits of 3 and 2 classes, or arrays of 3 and 1 elements: no PyTorch tensor holds them.
    String ragged =
        "SELECT * FROM VALUES (array(0.1D, 0.2D, 0.3D), 0, array(1.0D, 2.0D, 3.0D)), "
            + "(array(0.5D, 0.7D), 1, array(1.0D)) AS t(logits, label, x)";
    spark.sql(ragged).coalesce(1).createOrReplaceTempView("ragged_one");
    assertRowError(
        "SELECT cross_entropy(logits, label) FROM ragged_one",
        "cross_entropy: a row has 2 classes but earlier rows of its group have 3",
        "[column: ");
    assertRowError(
        "SELECT mse_loss(x, x) FROM ragged_one",
        "mse_loss: a row has 1 elements but earlier rows of its group have 3");
    // One row per partition: the widths meet when the partial states merge.
    spark
        .range(0, 2, 1, 2)
        .selectExpr(
            "IF(id = 0, array(0.1D, 0.2D, 0.3D), array(0.5D, 0.7D)) AS logits",
            "CAST(id AS INT) AS label")
        .createOrReplaceTempView("ragged_parts");
    assertRowError(
        "SELECT cross_entropy(logits, label) FROM ragged_parts",
        "cross_entropy: rows of one group have",
        "classes");
    // Groups of different widths are fine: each group is its own tensor.
    assertTrue(
        spark
            .sql("SELECT label, cross_entropy(logits, label) FROM ragged_parts GROUP BY " + "label")
            .collectAsList()
            .stream()
            .allMatch(r -> Double.isFinite(r.getDouble(1))));
  }

  @Test
  void corruptSparseVectorsAreDataErrorsNamingTheColumn(@TempDir Path dir) {
    // Spark's own constructors refuse such vectors, but files (or other writers) can hold them:
    // vectors' storage structs written to Parquet, read back as ML vectors.
    String path = dir.resolve("corrupt.parquet").toString();
    spark
        .sql(
            "SELECT * FROM VALUES "
                + "(1, 0Y, 3, array(5), array(1.0D)), " // index outside [0, size)
                + "(2, 0Y, 3, array(1, 0), array(1.0D, 2.0D)), " // indices not increasing
                + "(3, 0Y, 3, array(0, 1), array(1.0D)), " // fewer values than indices
                + "(4, 7Y, 3, array(0), array(1.0D)) " // neither dense nor sparse
                + "AS t(id, type, size, indices, values)")
        .selectExpr(
            "id",
            "named_struct('type', type, 'size', size, 'indices', indices, "
                + "'values', values) AS v")
        .write()
        .parquet(path);
    org.apache.spark.sql.types.StructType schema =
        new org.apache.spark.sql.types.StructType()
            .add("id", org.apache.spark.sql.types.DataTypes.IntegerType)
            .add("v", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
    spark.read().schema(schema).parquet(path).createOrReplaceTempView("corrupt_vectors");
    for (int id = 1; id <= 4; id++) {
      assertRowError(
          "SELECT mse_loss(v, v) FROM corrupt_vectors WHERE id = " + id,
          "mse_loss: argument input",
          "holds a corrupt",
          "vector",
          "[column: ");
    }
  }

  @Test
  void theDocsExampleMessageIsTheRealOne() {
    String page = io.losseval.testing.DocSnippets.page("docs/getting-started.md");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "`(SELECT cross_entropy\\(logits, label\\) FROM scores)` over a row\\s+with 3 logits "
                    + "and label 6 fails with\\s+`([^`]+)`")
            .matcher(page);
    assertTrue(m.find(), "the example error of docs/getting-started.md is gone");
    spark
        .sql("SELECT array(0.1D, 0.2D, 0.3D) AS logits, 6 AS label")
        .createOrReplaceTempView("scores");
    assertRowError(m.group(1), m.group(2));
  }
}
