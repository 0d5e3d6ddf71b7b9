package io.losseval.job.output;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a qualified path really is once symbolic links are followed: the overlap of an output with
 * an input must be checked there too, since a link makes two different texts name the same files. A
 * path that does not exist yet is resolved through its longest existing ancestor.
 */
public final class RealPaths {
  private RealPaths() {}

  /**
   * The real path of {@code qualified}, or {@code qualified} itself when it has no links or the
   * file system cannot say (an object store, a path it cannot read).
   */
  public static Path of(Configuration conf, Path qualified) {
    try {
      if ("file".equals(qualified.toUri().getScheme())) {
        return local(qualified);
      }
      FileSystem fs = qualified.getFileSystem(conf);
      Path existing = qualified;
      String rest = "";
      while (existing.getParent() != null && !fs.exists(existing)) {
        rest = "/" + existing.getName() + rest;
        existing = existing.getParent();
      }
      Path resolved = fs.resolvePath(existing);
      return rest.isEmpty() ? resolved : new Path(resolved.toString() + rest);
    } catch (IOException | RuntimeException e) { // unreadable: the text is all there is
      return qualified;
    }
  }

  private static Path local(Path qualified) throws IOException {
    java.nio.file.Path p = java.nio.file.Path.of(qualified.toUri().getPath());
    java.nio.file.Path existing = p;
    while (existing.getParent() != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    java.nio.file.Path real = existing.toRealPath().resolve(existing.relativize(p));
    return new Path("file", null, real.normalize().toString());
  }
}
