package io.losseval.job;

import io.losseval.job.JobConfig.OutputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a result directory so that it appears whole or not at all: Spark writes into a hidden
 * sibling directory ({@code .NAME.losseval-tmp-UUID}), which is renamed to the target only after
 * the write succeeded, and deleted on any failure. An existing target is kept unless the output
 * allows overwriting, and then replaced only by a complete result. Renaming a directory is atomic
 * on HDFS and local file systems; on object stores (s3a, gs) it is a copy, so a crash during the
 * final rename can still leave a partial directory there.
 */
final class AtomicOutput {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicOutput.class);

  private final OutputSpec spec;
  private final FileSystem fs;
  private final Path target;

  private AtomicOutput(OutputSpec spec, FileSystem fs, Path target) {
    this.spec = spec;
    this.fs = fs;
    this.target = target;
  }

  /** Checks the target before any work: it must not exist unless overwriting is allowed. */
  static AtomicOutput prepare(SparkSession spark, OutputSpec spec) {
    try {
      Path path = new Path(spec.path());
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      AtomicOutput out = new AtomicOutput(spec, fs, fs.makeQualified(path));
      out.checkTarget();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot access output path " + spec.path(), e);
    }
  }

  /** The target directory, fully qualified. */
  String target() {
    return target.toString();
  }

  /** Writes {@code frame} in the output's format, then moves it into place. */
  void write(Dataset<Row> frame) {
    Path temp = sibling("tmp");
    try {
      DataFrameWriter<Row> writer = frame.write().format(spec.format());
      if (spec.format().equals("csv")) {
        writer = writer.option("header", "true");
      }
      writer.save(temp.toString());
      commit(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the results into " + target, e);
    } finally {
      deleteQuietly(temp);
    }
    LOG.info("results written to {} ({})", target, spec.format());
  }

  private void checkTarget() throws IOException {
    if (fs.exists(target) && !spec.overwrite()) {
      throw JobException.config("output.path: '" + target + "' already exists; set "
          + "output.overwrite = true to replace it, or choose another path");
    }
  }

  private void commit(Path temp) throws IOException {
    checkTarget(); // it may have appeared while the job ran
    fs.mkdirs(target.getParent());
    if (!fs.exists(target)) {
      rename(temp, target);
      return;
    }
    Path old = sibling("old");
    rename(target, old);
    try {
      rename(temp, target);
    } catch (IOException e) {
      fs.rename(old, target); // put the previous results back
      throw e;
    }
    deleteQuietly(old);
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename of " + from + " to " + to + " failed");
    }
  }

  private Path sibling(String what) {
    return new Path(target.getParent(), "." + target.getName() + ".losseval-" + what + "-"
        + UUID.randomUUID());
  }

  private void deleteQuietly(Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException e) {
      LOG.warn("could not delete the temporary directory {}: {}", path, e.toString());
    }
  }
}
