package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad queries fail when analysed, before any job runs; bad rows fail the job. Every message names
 * the function, the offending value and what is allowed; row errors also name the column.
 */
class SqlErrorsTest {
  private static SparkSession spark;

  @BeforeAll
  static void data() {
    spark = SharedSpark.get();
    spark.sql("SELECT * FROM VALUES "
        + "(0.2D, 0.0D, array(1.0D, 2.0D, 3.0D), 1, 1.0D, 'mean'), "
        + "(0.9D, 1.0D, array(0.5D, 0.1D, -1.0D), 2, 2.0D, 'sum') "
        + "AS t(p, y, logits, label, dlabel, s)").createOrReplaceTempView("err_t");
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
    assertAnalysisError("SELECT mse_loss(p, y, 'avg') FROM err_t",
        "mse_loss", "'avg'", "allowed: 'mean', 'sum', 'batchmean'");
  }

  @Test
  void reductionMustBeConstant() {
    assertAnalysisError("SELECT mse_loss(p, y, s) FROM err_t", "mse_loss", "reduction must be a constant");
  }

  @Test
  void unknownOptionNamesTheKnownOnes() {
    assertAnalysisError("SELECT cross_entropy(logits, label, 'mean', named_struct('wieght', array(1.0D))) FROM err_t",
        "cross_entropy", "unknown option 'wieght'", "allowed: weight, ignore_index, label_smoothing");
    assertAnalysisError("SELECT mse_loss(p, y, 'mean', named_struct('margin', 1)) FROM err_t",
        "mse_loss", "unknown option 'margin'", "takes no options");
  }

  @Test
  void optionsMustBeConstant() {
    assertAnalysisError("SELECT cross_entropy(logits, label, 'mean', named_struct('label_smoothing', p)) FROM err_t",
        "cross_entropy", "options must be a constant");
  }

  @Test
  void optionValuesAreCheckedAgainstTheirRange() {
    assertAnalysisError("SELECT cross_entropy(logits, label, 'mean', named_struct('label_smoothing', 1.5)) FROM err_t",
        "cross_entropy", "'label_smoothing' = 1.5", "between 0.0 and 1.0");
    assertAnalysisError("SELECT cross_entropy(logits, label, 'mean', named_struct('ignore_index', 'x')) FROM err_t",
        "cross_entropy", "'ignore_index' must be a whole number", "'x'");
    assertAnalysisError("SELECT cross_entropy(logits, logits, 'mean', named_struct('ignore_index', 0)) FROM err_t",
        "cross_entropy", "'ignore_index' = 0", "class-probability targets");
    assertAnalysisError("SELECT binary_cross_entropy(p, y, 'sum', named_struct('weight', array(1.0D, 2.0D))) FROM err_t",
        "binary_cross_entropy", "'weight' = [1.0, 2.0]", "single number");
  }

  @Test
  void numericOptionsAcceptAnyNumericLiteral() {
    for (String v : List.of("2", "2.0", "CAST(2 AS DOUBLE)", "2.0D", "CAST(2 AS BIGINT)")) {
      double got = spark.sql("SELECT hinge_embedding_loss(p, y, 'sum', named_struct('margin', " + v
          + ")) FROM err_t").first().getDouble(0);
      double expected = spark.sql("SELECT hinge_embedding_loss(p, y, 'sum', named_struct('margin', 2.0D)) FROM err_t")
          .first().getDouble(0);
      assertTrue(got == expected, v + " gave " + got + " instead of " + expected);
    }
    double viaMap = spark.sql("SELECT hinge_embedding_loss(p, y, 'sum', map('margin', 2)) FROM err_t")
        .first().getDouble(0);
    assertTrue(viaMap == spark.sql("SELECT hinge_embedding_loss(p, y, 'sum', named_struct('margin', 2)) FROM err_t")
        .first().getDouble(0), "map(...) options");
  }

  @Test
  void argumentTypesAndCountsAreChecked() {
    assertAnalysisError("SELECT mse_loss('a', y) FROM err_t", "mse_loss", "input", "type string", "allowed:");
    assertAnalysisError("SELECT mse_loss(p) FROM err_t", "mse_loss takes 2 tensor arguments");
    assertAnalysisError("SELECT mse_loss(p, logits) FROM err_t", "mse_loss", "input is a number",
        "target is an array");
    assertAnalysisError("SELECT cross_entropy(p, label) FROM err_t", "cross_entropy", "input must be an array");
    assertAnalysisError("SELECT mse_loss(p, y, 'sum', 'mean') FROM err_t", "mse_loss", "argument 4");
  }

  @Test
  void classIndexOutOfRangeNamesValueRangeAndColumn() {
    assertRowError("SELECT cross_entropy(logits, IF(label = 1, label + 5, label)) FROM err_t",
        "cross_entropy", "target value 6 is out of range [0, 3)", "[column: (IF(", "err_t.label");
    assertRowError("SELECT cross_entropy(logits, IF(dlabel = 1.0D, 1.5D, dlabel)) FROM err_t",
        "cross_entropy", "target value 1.5 is not a whole-number class index");
  }

  @Test
  void lengthMismatchesNameBothLengths() {
    assertRowError("SELECT mse_loss(logits, array(1.0D, 2.0D)) FROM err_t",
        "mse_loss", "input has 3 elements but target has 2", "[column: array(1.0D, 2.0D)]");
    assertRowError("SELECT cross_entropy(logits, label, 'mean', named_struct('weight', array(1.0D, 2.0D))) FROM err_t",
        "cross_entropy", "input has 3 classes but option 'weight' has 2 values");
    assertRowError("SELECT cross_entropy(logits, array(0.5D, 0.5D)) FROM err_t",
        "cross_entropy", "input has 3 classes but target has 2 probabilities");
  }

  @Test
  void probabilitiesOutsideTheUnitIntervalAreRejected() {
    assertRowError("SELECT binary_cross_entropy(IF(p > 0.5D, p + 1.0D, p), y) FROM err_t",
        "binary_cross_entropy", "input value 1.9 is out of range [0, 1]", "[column: (IF(", "err_t.p");
    assertRowError("SELECT binary_cross_entropy(p, IF(y = 0.0D, -2.0D, y)) FROM err_t",
        "binary_cross_entropy", "target value -2.0 is out of range [0, 1]");
  }

  @Test
  void nullElementsInsideArraysAreRejectedNotSkipped() {
    assertRowError("SELECT mse_loss(array(p, CAST(NULL AS DOUBLE)), array(y, y)) FROM err_t",
        "NULL element at position 1");
  }

  @Test
  void perRowFunctionsCheckTheSameWay() {
    assertAnalysisError("SELECT mse_loss_none(p, y, 'sum') FROM err_t", "mse_loss_none", "argument 3");
    assertRowError("SELECT cross_entropy_none(logits, label + 5) FROM err_t",
        "cross_entropy", "out of range [0, 3)");
  }
}
