package io.losseval.job.output;

import org.apache.spark.sql.SparkSession;
import scala.util.Properties;

/**
 * The versions a run record names: this library, Spark, Scala and Java.
 *
 * @param losseval this library's artifact (it names the Spark line) and version, from the manifest
 *     of the jar its classes were loaded from, or {@link #UNPACKAGED} when the classes do not come
 *     from a jar (tests, an IDE)
 * @param spark the version of the Spark the job ran on
 * @param scala the version of the Scala library on the class path
 * @param java the Java runtime's version
 */
public record Versions(String losseval, String spark, String scala, String java) {
  /** The library's version when its classes were not loaded from the built jar. */
  static final String UNPACKAGED = "spark-loss-evaluator (unpackaged build)";

  /** The versions of this JVM and of {@code spark}. */
  public static Versions of(SparkSession spark) {
    return new Versions(
        library(), spark.version(), scalaVersion(), System.getProperty("java.version"));
  }

  private static String scalaVersion() {
    return Properties.versionNumberString();
  }

  /** "ARTIFACT VERSION" from the manifest of the jar the job's classes came from. */
  private static String library() {
    Package p = Versions.class.getPackage();
    String title = p.getImplementationTitle();
    String version = p.getImplementationVersion();
    return title == null || version == null ? UNPACKAGED : title + " " + version;
  }
}
