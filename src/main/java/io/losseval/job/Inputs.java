package io.losseval.job;

import io.losseval.job.JobConfig.InputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Opens the configured inputs and registers each as a temporary view named after it. */
final class Inputs {
  private Inputs() {}

  static void register(SparkSession spark, Collection<InputSpec> inputs) {
    for (InputSpec in : inputs) {
      open(spark, in).createOrReplaceTempView(in.name());
    }
  }

  private static Dataset<Row> open(SparkSession spark, InputSpec in) {
    switch (in.kind()) {
      case PATH:
        requireExists(spark, in);
        DataFrameReader reader = spark.read().format(in.format());
        if (in.format().equals("csv")) {
          reader = reader.option("header", "true").option("inferSchema", "true");
        }
        return reader.options(in.options()).load(in.path());
      case TABLE:
        try {
          return spark.table(in.table());
        } catch (Exception e) { // Scala's AnalysisException is a checked exception in Java
          throw Failures.asConfig(e, "inputs." + in.name() + ".table: cannot read table '"
              + in.table() + "'");
        }
      case SAMPLE:
      default:
        return SampleData.frame(spark, in.sampleRows(), in.samplePartitions());
    }
  }

  /** Fails with the path in the message; a glob must match at least one file. */
  private static void requireExists(SparkSession spark, InputSpec in) {
    Path path = new Path(in.path());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] found = fs.globStatus(path);
      if (found == null || found.length == 0) {
        throw JobException.config("inputs." + in.name() + ".path: input path does not exist: "
            + in.path() + " (" + fs.makeQualified(path) + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot access input path " + in.path(), e);
    }
  }
}
