package io.losseval.spark;

import io.losseval.PublicApi;

/**
 * The session configuration keys of spark-loss-evaluator, in one place: every {@code
 * spark.losseval.*} key a user may set with {@code spark.conf.set} or {@code --conf}.
 */
@PublicApi
public final class LossConf {
  private LossConf() {}

  /**
   * Whether loss aggregates may run their partial aggregation over column batches (default {@code
   * true}); {@code false} keeps every loss on Spark's row path, with the same results.
   */
  public static final String COLUMNAR_ENABLED = "spark.losseval.columnarAggregate.enabled";

  /**
   * Groups one task of a columnar partial aggregate holds before it emits them and starts again
   * (default {@value #DEFAULT_COLUMNAR_MAX_GROUPS}); a whole number from 1.
   */
  public static final String COLUMNAR_MAX_GROUPS = "spark.losseval.columnarAggregate.maxGroups";

  /** The default of {@link #COLUMNAR_MAX_GROUPS}. */
  public static final int DEFAULT_COLUMNAR_MAX_GROUPS = 1 << 18;
}
