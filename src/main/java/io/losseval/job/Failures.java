package io.losseval.job;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDataException;
import org.apache.spark.sql.AnalysisException;

/** Maps what went wrong to an exit code and one message for the console. */
final class Failures {
  private Failures() {}

  /**
   * The exit code for {@code t}: a bad row value anywhere in the cause chain (Spark wraps task
   * failures, often twice) is a data error; a query Spark cannot analyse or a loss call it
   * rejects is a configuration error; anything else is unexpected.
   */
  static ExitCode codeOf(Throwable t) {
    if (t instanceof JobException j) {
      return j.code();
    }
    if (find(t, LossDataException.class) != null) {
      return ExitCode.DATA;
    }
    if (find(t, LossArgumentException.class) != null || find(t, AnalysisException.class) != null) {
      return ExitCode.CONFIG;
    }
    return ExitCode.FAILURE;
  }

  /** The most specific message: the loss's own message rather than Spark's wrapping. */
  static String messageOf(Throwable t) {
    Throwable specific = find(t, LossDataException.class);
    if (specific == null) {
      specific = find(t, LossArgumentException.class);
    }
    return (specific != null ? specific : t).getMessage();
  }

  /**
   * A configuration error prefixed with {@code what} if {@code e} is one Spark's analysis or a
   * loss raised; otherwise {@code e} itself, unchecked.
   */
  static RuntimeException asConfig(Exception e, String what) {
    if (codeOf(e) == ExitCode.CONFIG && !(e instanceof JobException)) {
      return JobException.config(what + ": " + messageOf(e));
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
