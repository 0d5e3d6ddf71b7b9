package io.losseval.job.query;

import io.losseval.job.Failures;
import io.losseval.job.JobException;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.InputSpec;
import io.losseval.job.output.InputOverlap.Kind;
import io.losseval.job.output.InputOverlap.Location;
import io.losseval.job.output.RealPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Opens the configured inputs and registers each as a temporary view named after it. */
public final class Inputs {
  private Inputs() {}

  public static void register(SparkSession spark, Collection<InputSpec> inputs) {
    for (InputSpec in : inputs) {
      open(spark, in).createOrReplaceTempView(in.name());
    }
  }

  /**
   * Every place the registered {@code inputs} and the {@code read} Datasets (the evaluated rows, a
   * SQL result) read from: configured paths and globs, catalog tables' locations where the catalog
   * knows one, and the files Spark lists for each (which also covers paths a query reads directly,
   * such as {@code parquet.`/data`}).
   */
  public static List<Location> locations(
      SparkSession spark, Collection<InputSpec> inputs, List<Dataset<Row>> read) {
    List<Location> out = new ArrayList<>();
    for (InputSpec in : inputs) {
      String source = "input '" + in.name() + "'";
      if (in.kind() == JobConfig.InputKind.PATH) {
        Path path = new Path(in.path());
        try {
          FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
          Path qualified = fs.makeQualified(path);
          boolean glob = in.path().matches(".*[*?\\[{].*");
          out.add(new Location(source, glob ? Kind.GLOB : Kind.ROOT, qualified));
          FileStatus[] matched = glob ? fs.globStatus(path) : new FileStatus[0];
          for (FileStatus m : matched == null ? new FileStatus[0] : matched) {
            out.add(new Location(source, Kind.ROOT, fs.makeQualified(m.getPath())));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot access input path " + in.path(), e);
        }
      } else if (in.kind() == JobConfig.InputKind.TABLE) {
        String location = tableLocation(spark, in.table());
        if (location != null) {
          out.add(new Location(source, Kind.ROOT, new Path(location)));
        }
      }
      addFiles(out, source, spark.table(in.name()));
    }
    read.forEach(d -> addFiles(out, "the rows read", d));
    return withRealPaths(spark, out);
  }

  /**
   * {@code locations} and, where a symbolic link leads elsewhere, where each really is. The files
   * Spark lists are resolved on the local file system only: elsewhere that would be a call to the
   * name node per file, and links there are rare (HDFS disables them by default).
   */
  private static List<Location> withRealPaths(SparkSession spark, List<Location> locations) {
    List<Location> out = new ArrayList<>(locations);
    for (Location l : locations) {
      boolean local = "file".equals(l.path().toUri().getScheme());
      if (l.kind() == Kind.GLOB || (l.kind() == Kind.FILE && !local)) {
        continue; // a glob's matches are listed as roots already
      }
      Path real = RealPaths.of(spark.sparkContext().hadoopConfiguration(), l.path());
      if (!real.equals(l.path())) {
        out.add(new Location(l.source(), l.kind(), real));
      }
    }
    return out;
  }

  private static void addFiles(List<Location> out, String source, Dataset<Row> d) {
    for (String file : d.inputFiles()) {
      out.add(new Location(source, Kind.FILE, new Path(file)));
    }
  }

  /** The table's location as the catalog describes it, or null (a view, or none known). */
  private static String tableLocation(SparkSession spark, String table) {
    try {
      List<Row> rows =
          spark
              .sql("DESCRIBE TABLE EXTENDED " + table)
              .where(functions.col("col_name").equalTo("Location"))
              .collectAsList();
      return rows.isEmpty() ? null : rows.get(0).getString(1);
    } catch (Exception e) { // AnalysisException (checked in Java): the table was opened already
      return null;
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
        try {
          return reader.options(in.options()).load(in.path());
        } catch (Exception e) { // AnalysisException, or a malformed record met inferring types
          throw Failures.asConfig(e, "inputs." + in.name());
        }
      case TABLE:
        try {
          return spark.table(in.table());
        } catch (Exception e) { // Scala's AnalysisException is a checked exception in Java
          throw Failures.asConfig(
              e, "inputs." + in.name() + ".table: cannot read table '" + in.table() + "'");
        }
      case SAMPLE:
      default:
        return SampleData.frame(spark, in.sampleRows(), in.samplePartitions());
    }
  }

  /**
   * Before Spark starts, which takes seconds: fails as {@link #open} would for a path input on the
   * local file system that does not exist. Paths elsewhere (HDFS, object stores, and paths without
   * a scheme where Hadoop's configuration makes another file system the default) are checked once
   * Spark's configuration is known.
   */
  public static void requireLocalPaths(Collection<InputSpec> inputs) {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    for (InputSpec in : inputs) {
      if (in.kind() != JobConfig.InputKind.PATH) {
        continue;
      }
      try {
        FileSystem fs = new Path(in.path()).getFileSystem(conf);
        if ("file".equals(fs.getScheme())) {
          requireExists(fs, in);
        }
      } catch (JobException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        // Not checkable here (a file system Hadoop cannot load without Spark's settings):
        // opening the input with Spark reports it.
      }
    }
  }

  /** Fails with the path in the message; a glob must match at least one file. */
  private static void requireExists(SparkSession spark, InputSpec in) {
    try {
      requireExists(
          new Path(in.path()).getFileSystem(spark.sparkContext().hadoopConfiguration()), in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot access input path " + in.path(), e);
    }
  }

  private static void requireExists(FileSystem fs, InputSpec in) {
    Path path = new Path(in.path());
    try {
      FileStatus[] found = fs.globStatus(path);
      if (found == null || found.length == 0) {
        throw JobException.config(
            "inputs."
                + in.name()
                + ".path: input path does not exist: "
                + in.path()
                + " ("
                + fs.makeQualified(path)
                + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot access input path " + in.path(), e);
    }
  }
}
