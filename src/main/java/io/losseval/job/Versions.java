package io.losseval.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.spark.sql.SparkSession;
import scala.util.Properties;

/**
 * The versions a run record names: this library, Spark, Scala and Java.
 *
 * @param losseval this library's version, from the application jar's Maven descriptor, or
 *     {@link #UNPACKAGED} when the classes do not come from a jar (tests, an IDE)
 * @param spark the version of the Spark the job ran on
 * @param scala the version of the Scala library on the class path
 * @param java the Java runtime's version
 */
record Versions(String losseval, String spark, String scala, String java) {
  /** The library's version when its classes were not loaded from the built jar. */
  static final String UNPACKAGED = "unpackaged build";

  private static final String POM_PROPERTIES =
      "/META-INF/maven/io.losseval/spark-loss-evaluator/pom.properties";

  /** The versions of this JVM and of {@code spark}. */
  static Versions of(SparkSession spark) {
    return new Versions(library(), spark.version(),
        scalaVersion(), System.getProperty("java.version"));
  }

  private static String scalaVersion() {
    return Properties.versionNumberString();
  }

  private static String library() {
    try (InputStream in = Versions.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return UNPACKAGED;
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version", UNPACKAGED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + POM_PROPERTIES, e);
    }
  }
}
