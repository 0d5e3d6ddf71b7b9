package io.losseval.spark.row;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossDefinition;
import io.losseval.core.loss.LossCatalog;
import io.losseval.spark.LossColumns;
import io.losseval.spark.LossExtensions;
import io.losseval.spark.LossFunctions;
import io.losseval.spark.internal.ScalaSeqs;
import io.losseval.testing.SharedSpark;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlFunctionRegistry}: the three ways to get the functions (extension class, service
 * provider, explicit register) and the registry they share.
 */
@Tag("compat") // in the compatibility suite run on every Spark line (tools/test-all)
class SqlFunctionRegistryTest {

  /**
   * The registry's key for {@code name}: Spark 4.2 qualifies our names as built-ins, earlier lines
   * keep them as given, so the key is found rather than built.
   */
  private static FunctionIdentifier id(FunctionRegistry registry, String name) {
    return ScalaSeqs.toList(registry.listFunction()).stream()
        .filter(f -> f.funcName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not registered"));
  }

  @Test
  void extensionClassInjectsEveryLossAndItsPerRowForm() {
    SparkSessionExtensions extensions = new SparkSessionExtensions();
    new LossExtensions().apply(extensions);
    FunctionRegistry registry = extensions.registerFunctions(FunctionRegistry.builtin().clone());
    for (LossDefinition d : LossCatalog.all()) {
      assertTrue(registry.functionExists(id(registry, d.name())), d.name());
      assertTrue(registry.functionExists(id(registry, d.name() + "_none")), d.name() + "_none");
    }
  }

  @Test
  void serviceFileNamesTheExtension() throws Exception {
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider")) {
      assertEquals(
          LossExtensions.class.getName(),
          new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    }
  }

  @Test
  void aSessionStartedWithoutRegistrationHasTheFunctionsThroughTheServiceProvider() {
    // SharedSpark never calls register() and sets no spark.sql.extensions.
    SparkSession spark = SharedSpark.get();
    assertTrue(spark.conf().getOption("spark.sql.extensions").isEmpty());
    List<Row> info = spark.sql("DESCRIBE FUNCTION EXTENDED cross_entropy").collectAsList();
    String text = info.toString();
    assertTrue(
        text.contains("torch.nn.CrossEntropyLoss") && text.contains("label_smoothing"), text);
    assertEquals(1.0, spark.sql("SELECT mse_loss(3.0D, 2.0D)").first().getDouble(0));
  }

  @Test
  void registerRestoresDroppedFunctions() {
    SparkSession spark = SharedSpark.get();
    FunctionRegistry registry = SqlFunctionRegistry.functionRegistry(spark);
    try {
      registry.dropFunction(id(registry, "kl_div"));
      assertThrows(Exception.class, () -> spark.sql("SELECT kl_div(0.0D, 0.5D)"));
      LossFunctions.register(spark);
      assertTrue(Double.isFinite(spark.sql("SELECT kl_div(0.0D, 0.5D)").first().getDouble(0)));
      LossFunctions.register(spark); // idempotent
    } finally {
      LossFunctions.register(spark);
    }
  }

  @Test
  void lossColumnsSayHowToRegisterWhenTheSessionLacksTheFunctions() {
    SparkSession spark = SharedSpark.get();
    FunctionRegistry registry = SqlFunctionRegistry.functionRegistry(spark);
    try {
      registry.dropFunction(id(registry, "mse_loss"));
      io.losseval.core.LossArgumentException e =
          assertThrows(
              io.losseval.core.LossArgumentException.class,
              () ->
                  LossColumns.loss(
                      "mse_loss",
                      org.apache.spark.sql.functions.col("p"),
                      org.apache.spark.sql.functions.col("y")));
      assertTrue(
          e.getMessage().startsWith("mse_loss is not registered in the active Spark " + "session")
              && e.getMessage().contains("spark.sql.extensions=" + LossExtensions.class.getName())
              && e.getMessage().contains("LossFunctions.register(spark)"),
          e.getMessage());
    } finally {
      LossFunctions.register(spark);
    }
  }
}
