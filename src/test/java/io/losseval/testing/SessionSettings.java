package io.losseval.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;

/** Session settings for the length of one call (tests and the Spark benchmark). */
public final class SessionSettings {
  private SessionSettings() {}

  /** Runs {@code body} with {@code settings} set in {@code spark}, then restores the old values. */
  public static <T> T with(SparkSession spark, Map<String, String> settings, Callable<T> body)
      throws Exception {
    Map<String, String> old = new LinkedHashMap<>();
    settings.forEach(
        (k, v) -> {
          old.put(k, spark.conf().contains(k) ? spark.conf().get(k) : null);
          spark.conf().set(k, v);
        });
    try {
      return body.call();
    } finally {
      old.forEach(
          (k, v) -> {
            if (v == null) {
              spark.conf().unset(k);
            } else {
              spark.conf().set(k, v);
            }
          });
    }
  }
}
