package io.losseval.testing;

import org.apache.spark.sql.SparkSession;

/** One local Spark session for the whole test JVM: a session costs seconds to start. */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("spark-loss-evaluator-tests")
              .config("spark.ui.enabled", "false")
              // One reduce task per shuffle: the tests' data are small, and a task's setup (code
              // generation of its projections) is most of what a query costs here. Partial states
              // still merge across the map side's partitions, which the tests choose.
              .config("spark.sql.shuffle.partitions", "1")
              .config("spark.sql.adaptive.enabled", "false")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
