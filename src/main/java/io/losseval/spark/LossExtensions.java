package io.losseval.spark;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Registers every loss function in each new session: name it in
 * {@code spark.sql.extensions=io.losseval.spark.LossExtensions}, or just put the jar on the class
 * path, where {@code META-INF/services} offers it to Spark as a {@code SparkSessionExtensionsProvider}.
 */
public final class LossExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit>
    implements SparkSessionExtensionsProvider {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    SqlFunctionRegistry.inject(extensions);
    return BoxedUnit.UNIT;
  }
}
