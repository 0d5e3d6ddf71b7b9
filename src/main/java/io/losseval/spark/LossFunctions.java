package io.losseval.spark;

import io.losseval.PublicApi;
import io.losseval.spark.row.SqlFunctionRegistry;
import org.apache.spark.sql.SparkSession;

/** Registers the loss functions in a session that was started without the extension. */
@PublicApi
public final class LossFunctions {
  private LossFunctions() {}

  /**
   * Registers every loss ({@code mse_loss}, {@code cross_entropy}, ...) and its per-row form
   * ({@code mse_loss_none}, ...) as SQL functions of {@code session}. Idempotent.
   */
  public static void register(SparkSession session) {
    SqlFunctionRegistry.register(session);
  }
}
