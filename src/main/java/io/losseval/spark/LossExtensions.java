package io.losseval.spark;

import io.losseval.PublicApi;
import io.losseval.spark.columnar.ColumnarAggregateRule;
import io.losseval.spark.internal.QuietLogs;
import io.losseval.spark.row.SqlFunctionRegistry;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.ColumnarRule;
import org.apache.spark.sql.execution.SparkPlan;
import scala.Function1;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Registers every loss function in each new session, and the rule that runs their partial
 * aggregation over column batches ({@link ColumnarAggregateRule}), and keeps the stack traces of
 * tasks failed by a rejected row out of the log ({@link QuietLogs}): name it in {@code
 * spark.sql.extensions=io.losseval.spark.LossExtensions}, or just put the jar on the class path,
 * where {@code META-INF/services} offers it to Spark as a {@code SparkSessionExtensionsProvider}.
 */
@PublicApi
public final class LossExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit>
    implements SparkSessionExtensionsProvider {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    SqlFunctionRegistry.inject(extensions);
    // A rejected row reaches the user as one line (LossDataError); its tasks' stack traces in
    // the log only bury it.
    QuietLogs.quietDataErrors();
    // The builders' argument is the session, typed differently on Spark 3.5 and 4.x; unused.
    Function1 columnar =
        new AbstractFunction1<Object, ColumnarRule>() {
          @Override
          public ColumnarRule apply(Object session) {
            return ColumnarAggregateRule.columnarRule();
          }
        };
    extensions.injectColumnar(columnar);
    Function1 stagePreparation =
        new AbstractFunction1<Object, Rule<SparkPlan>>() {
          @Override
          public Rule<SparkPlan> apply(Object session) {
            return ColumnarAggregateRule.stagePreparationRule();
          }
        };
    extensions.injectQueryStagePrepRule(stagePreparation);
    return BoxedUnit.UNIT;
  }
}
