package io.losseval.job.output;

import io.losseval.job.JobException;
import java.util.List;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;

/**
 * Whether writing an output directory would touch an input: a pure check of qualified Hadoop paths,
 * run before anything is written or deleted. Replacing a directory that holds an input, or writing
 * into one an input reads, would lose or change the input.
 */
public final class InputOverlap {
  /** How an input occupies the file system. */
  public enum Kind {
    /** A directory or file the input reads, with everything under it. */
    ROOT,
    /** One file the input reads. */
    FILE,
    /** A glob pattern the input reads: everything it matches, now or later. */
    GLOB
  }

  /**
   * One place an input reads from.
   *
   * @param source what reads there, for messages: "input 'NAME'", ...
   * @param path a qualified path (a pattern for {@link Kind#GLOB})
   */
  public record Location(String source, Kind kind, Path path) {}

  private InputOverlap() {}

  /**
   * Fails (exit code 2, naming {@code key}) when {@code target}, or {@code real}, where it really
   * is once links are followed, overlaps any location.
   */
  public static void refuse(String key, Path target, Path real, List<Location> locations) {
    for (Path p : real.equals(target) ? List.of(target) : List.of(target, real)) {
      for (Location l : locations) {
        String why = overlap(p, l);
        if (why != null) {
          throw JobException.config(
              key
                  + ": '"
                  + target
                  + "' "
                  + (p == target ? "" : "(a link to '" + real + "') ")
                  + why
                  + " of "
                  + l.source()
                  + " ("
                  + l.path()
                  + "); writing there would replace or change an input. Choose a "
                  + "path outside every input");
        }
      }
    }
  }

  /** Why {@code target} overlaps {@code l}, or null when it does not. */
  public static String overlap(Path target, Location l) {
    switch (l.kind()) {
      case ROOT:
        return same(target, l.path())
            ? "is the path"
            : isAncestor(target, l.path())
                ? "holds the path"
                : isAncestor(l.path(), target) ? "is inside the path" : null;
      case FILE:
        return same(target, l.path())
            ? "is a file"
            : isAncestor(target, l.path()) ? "holds a file" : null;
      default:
        for (Path p = target; p != null; p = p.getParent()) {
          if (matches(l.path(), p)) {
            return p == target ? "matches the glob" : "is inside a match of the glob";
          }
        }
        return null;
    }
  }

  private static boolean same(Path a, Path b) {
    return a.toUri().normalize().equals(b.toUri().normalize());
  }

  private static boolean isAncestor(Path ancestor, Path p) {
    for (Path q = p.getParent(); q != null; q = q.getParent()) {
      if (same(ancestor, q)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code p} matches {@code pattern}, one path component against one glob. */
  private static boolean matches(Path pattern, Path p) {
    if (pattern.depth() != p.depth()
        || !String.valueOf(pattern.toUri().getScheme())
            .equals(String.valueOf(p.toUri().getScheme()))
        || !String.valueOf(pattern.toUri().getAuthority())
            .equals(String.valueOf(p.toUri().getAuthority()))) {
      return false;
    }
    for (Path a = pattern, b = p; a != null && b != null; a = a.getParent(), b = b.getParent()) {
      if (!new GlobPattern(a.getName()).matches(b.getName())) {
        return false;
      }
    }
    return true;
  }
}
