package io.losseval.job.output;

import io.losseval.job.JobException;
import io.losseval.job.config.JobConfig.OutputSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place results are written. A result directory appears whole or not at all: Spark writes
 * the table into a hidden sibling directory ({@code .NAME.losseval-tmp-UUID}), small files (the
 * {@link OutputManifest}, later a run record or report) are written into it too, and the whole
 * directory is renamed to the target only after everything was written; it is deleted on any
 * failure. An existing target is kept unless the output allows overwriting, and then replaced only
 * by a complete result, and only when it holds the same kind of result. Renaming a directory is
 * atomic on HDFS and local file systems; on object stores (s3a, gs) it is a copy, so a crash during
 * the final rename can still leave a partial directory there.
 *
 * <p>A temporary directory survives only a killed driver (kill -9, lost node). Each write first
 * removes those of earlier runs for the same target, once nothing in them has changed for {@link
 * #STALE_AFTER}; a replaced result ({@code .NAME.losseval-old-UUID}) only when the target exists
 * again, since otherwise it may hold the only copy of the previous results.
 */
public final class AtomicOutput {
  /** How long a temporary directory must have been untouched before a later run removes it. */
  static final Duration STALE_AFTER = Duration.ofHours(24);

  private static final Logger LOG = LoggerFactory.getLogger(AtomicOutput.class);
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final String TEMPORARY = "tmp";
  private static final String REPLACED = "old";

  /** How much of an existing file {@link #checkReplaceableFile} reads to recognise it. */
  static final int FILE_HEAD = 4096;

  private final OutputSpec spec;
  private final FileSystem fs;
  private final Path target;

  private AtomicOutput(OutputSpec spec, FileSystem fs, Path target) {
    this.spec = spec;
    this.fs = fs;
    this.target = target;
  }

  /** Checks the target before any work: it must not exist unless overwriting is allowed. */
  public static AtomicOutput prepare(SparkSession spark, OutputSpec spec) {
    try {
      Path path = new Path(spec.path());
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      AtomicOutput out = new AtomicOutput(spec, fs, fs.makeQualified(path));
      out.checkTarget();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot access output path " + spec.path(), e);
    } catch (IllegalArgumentException e) { // Hadoop's word for a path it cannot parse
      throw JobException.config(
          spec.pathKey() + ": '" + spec.path() + "' is not a valid " + "path: " + e.getMessage());
    }
  }

  /** The target directory, fully qualified. */
  public String target() {
    return target.toString();
  }

  /** The target as a qualified Hadoop path. */
  Path targetPath() {
    return target;
  }

  /** Where the target really is once symbolic links are followed. */
  Path realPath() {
    return RealPaths.of(fs.getConf(), target);
  }

  public OutputSpec spec() {
    return spec;
  }

  /**
   * Checks, before any work, that the target may be replaced by a result described by {@code
   * manifest}: absent, empty, or holding the same kind of result and nothing else (it must carry
   * the job's manifest, and every entry in it must be one the manifest lists). Returns how the new
   * columns differ from those of the results it would replace ({@link
   * OutputManifest#columnChanges}, so that the console can say so), or null when they are the same.
   */
  List<String> checkReplaceable(OutputManifest manifest) {
    try {
      if (!fs.exists(target)) {
        return null;
      }
      FileStatus status = fs.getFileStatus(target);
      if (status.isDirectory() && fs.listStatus(target).length == 0) {
        return null;
      }
      Path file = new Path(target, OutputManifest.FILE);
      OutputManifest existing = fs.exists(file) ? OutputManifest.parse(read(file)) : null;
      if (existing == null) {
        throw JobException.config(
            spec.pathKey()
                + ": '"
                + target
                + "' exists and was not "
                + "written by this job (it has no "
                + OutputManifest.FILE
                + "); overwrite replaces "
                + "only the job's own results. Remove it, or choose another path");
      }
      if (!existing.kind().equals(manifest.kind())) {
        throw JobException.config(
            spec.pathKey()
                + ": '"
                + target
                + "' holds "
                + existing.kind()
                + " results, not "
                + manifest.kind()
                + " results; overwrite replaces only results "
                + "of the same kind. Choose another path"
                + (manifest.kind().equals("sql") ? " (sql-output.path)" : ""));
      }
      if (existing.files() == null) {
        throw JobException.config(
            spec.pathKey()
                + ": '"
                + target
                + "' was written by an "
                + "earlier version of this job whose "
                + OutputManifest.FILE
                + " does not list the "
                + "files it wrote, so the job cannot tell whether everything in it is its own. "
                + "Remove it, or choose another path");
      }
      for (FileStatus entry : fs.listStatus(target)) {
        String name = entry.getPath().getName();
        if (!existing.wrote(name)) {
          throw JobException.config(
              spec.pathKey()
                  + ": '"
                  + target
                  + "' holds '"
                  + name
                  + "', which this job did not write (it is not listed in "
                  + OutputManifest.FILE
                  + "); overwrite replaces only a directory holding nothing but the job's own "
                  + "results. Move '"
                  + name
                  + "' out of it, or choose another path");
        }
      }
      List<String> changes = OutputManifest.columnChanges(existing.columns(), manifest.columns());
      return changes.isEmpty() ? null : changes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read output path " + target, e);
    }
  }

  /**
   * Writes {@code frame} in the output's format, with the {@code manifest} and {@code files} (name
   * to content: names starting with '_' or '.' keep Spark's readers of the directory working)
   * beside it, then moves the whole directory into place.
   */
  public void write(Dataset<Row> frame, OutputManifest manifest, Map<String, String> files) {
    write(frame, manifest, () -> files);
  }

  /**
   * As {@link #write(Dataset, OutputManifest, Map)}, with the small files asked for only once the
   * table is written (so that they can say how long that took), and still before anything is moved
   * into place: a failure there leaves no output.
   */
  public void write(
      Dataset<Row> frame, OutputManifest manifest, Supplier<Map<String, String>> files) {
    removeStaleTemporaries();
    Path temp = sibling(TEMPORARY);
    try {
      DataFrameWriter<Row> writer = frame.write().format(spec.format());
      if (spec.format().equals("csv")) {
        writer = writer.option("header", "true");
      }
      writer.save(temp.toString());
      for (Map.Entry<String, String> f : files.get().entrySet()) {
        create(new Path(temp, f.getKey()), f.getValue());
      }
      List<String> written = new ArrayList<>();
      for (FileStatus entry : fs.listStatus(temp)) {
        written.add(entry.getPath().getName());
      }
      create(new Path(temp, OutputManifest.FILE), manifest.withFiles(written).toJson());
      checkTarget(); // it may have appeared while the job ran
      checkReplaceable(manifest);
      moveIntoPlace(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the results into " + target, e);
    } finally {
      deleteQuietly(temp);
    }
    LOG.info("results written to {} ({})", target, spec.format());
  }

  /**
   * Checks, before any work, that the target may be replaced by a single file: absent, or a file
   * whose beginning (the first {@link #FILE_HEAD} bytes) {@code ours} recognises as one the job
   * wrote.
   */
  void checkReplaceableFile(Predicate<String> ours) {
    try {
      if (!fs.exists(target)) {
        return;
      }
      if (fs.getFileStatus(target).isDirectory()) {
        throw JobException.config(
            spec.pathKey() + ": '" + target + "' is a directory; give " + "the path of a file");
      }
      String head;
      try (InputStream in = fs.open(target)) {
        head = new String(in.readNBytes(FILE_HEAD), StandardCharsets.UTF_8);
      }
      if (!ours.test(head)) {
        throw JobException.config(
            spec.pathKey()
                + ": '"
                + target
                + "' exists and was not "
                + "written by this job; only the job's own file is replaced. Remove it, or choose "
                + "another path");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + target, e);
    }
  }

  /**
   * Writes {@code content} as the target, a single file: into a hidden sibling first, then renamed
   * into place, replacing an existing file only when {@link #checkReplaceableFile} with {@code
   * ours} accepts it. A failure leaves the target as it was.
   */
  public void writeFile(String content, Predicate<String> ours) {
    removeStaleTemporaries();
    Path temp = sibling(TEMPORARY);
    try {
      create(temp, content);
      checkReplaceableFile(ours); // it may have appeared while the job ran
      moveIntoPlace(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    } finally {
      deleteQuietly(temp);
    }
    LOG.info("written: {}", target);
  }

  private void create(Path file, String content) throws IOException {
    try (OutputStream o = fs.create(file, false)) {
      o.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void checkTarget() throws IOException {
    if (fs.exists(target) && !spec.overwrite()) {
      throw JobException.config(
          spec.pathKey()
              + ": '"
              + target
              + "' already exists; "
              + (spec.key() == null
                  ? ""
                  : "set " + spec.key() + ".overwrite = true to replace it, or ")
              + "choose another path");
    }
  }

  /** Renames {@code temp} to the target, moving an existing target aside until that worked. */
  private void moveIntoPlace(Path temp) throws IOException {
    fs.mkdirs(target.getParent());
    if (!fs.exists(target)) {
      rename(temp, target);
      return;
    }
    Path old = sibling(REPLACED);
    rename(target, old);
    try {
      rename(temp, target);
    } catch (IOException e) {
      fs.rename(old, target); // put the previous results back
      throw e;
    }
    deleteQuietly(old);
  }

  /**
   * Deletes the temporary directories that runs killed before they could clean up left beside the
   * target, once untouched for {@link #STALE_AFTER}; only names this class makes for this target.
   */
  private void removeStaleTemporaries() {
    try {
      if (!fs.exists(target.getParent())) {
        return;
      }
      long before = System.currentTimeMillis() - STALE_AFTER.toMillis();
      String prefix = "." + target.getName() + ".losseval-";
      for (FileStatus s : fs.listStatus(target.getParent())) {
        String name = s.getPath().getName();
        if (!name.startsWith(prefix)) {
          continue;
        }
        String rest = name.substring(prefix.length());
        boolean temporary = rest.startsWith(TEMPORARY + "-");
        boolean replaced = rest.startsWith(REPLACED + "-");
        if (!(temporary || replaced)
            || !UUID_TEXT.matcher(rest.substring(rest.indexOf('-') + 1)).matches()
            || lastChange(s) >= before) {
          continue;
        }
        if (replaced && !fs.exists(target)) {
          LOG.warn(
              "{} holds results an interrupted run was replacing, and {} does not exist: "
                  + "kept; rename it to {} to restore them",
              s.getPath(),
              target,
              target.getName());
          continue;
        }
        LOG.info("removing {}, left by a run that ended before it could clean up", s.getPath());
        deleteQuietly(s.getPath());
      }
    } catch (IOException e) {
      LOG.warn(
          "could not look for stale temporary directories beside {}: {}", target, e.toString());
    }
  }

  /** The latest modification time of {@code status} and everything under it. */
  private long lastChange(FileStatus status) throws IOException {
    long latest = status.getModificationTime();
    if (status.isDirectory()) {
      for (FileStatus child : fs.listStatus(status.getPath())) {
        latest = Math.max(latest, lastChange(child));
      }
    }
    return latest;
  }

  private String read(Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename of " + from + " to " + to + " failed");
    }
  }

  private Path sibling(String what) {
    return new Path(
        target.getParent(), "." + target.getName() + ".losseval-" + what + "-" + UUID.randomUUID());
  }

  private void deleteQuietly(Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException e) {
      LOG.warn("could not delete the temporary directory {}: {}", path, e.toString());
    }
  }
}
