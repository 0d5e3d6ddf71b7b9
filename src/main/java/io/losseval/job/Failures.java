package io.losseval.job;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDataException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;

/** Maps what went wrong to an exit code and one message for the console. */
public final class Failures {
  private Failures() {}

  /**
   * The exit code for {@code t}: a bad row value anywhere in the cause chain (Spark wraps task
   * failures, often twice) is a data error; a malformed input record (a reader's FAILFAST mode), a
   * query Spark cannot analyse or a loss call it rejects is a configuration or input error;
   * anything else is unexpected.
   */
  public static ExitCode codeOf(Throwable t) {
    if (t instanceof JobException j) {
      return j.code();
    }
    if (find(t, LossDataException.class) != null) {
      return ExitCode.DATA;
    }
    if (malformedRecord(t) != null
        || find(t, LossArgumentException.class) != null
        || find(t, AnalysisException.class) != null) {
      return ExitCode.CONFIG;
    }
    return ExitCode.FAILURE;
  }

  /**
   * The most specific message: the loss's own message rather than Spark's wrapping; for a malformed
   * record, the reader's message and the file it names.
   */
  public static String messageOf(Throwable t) {
    if (t instanceof JobException) {
      return t.getMessage();
    }
    Throwable specific = find(t, LossDataException.class);
    if (specific == null) {
      specific = find(t, LossArgumentException.class);
    }
    if (specific != null) {
      return specific.getMessage();
    }
    Throwable malformed = malformedRecord(t);
    if (malformed != null) {
      List<String> parts = new ArrayList<>();
      for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
        if (c instanceof SparkThrowable s
            && s.getErrorClass() != null
            && s.getErrorClass().startsWith("FAILED_READ_FILE")) {
          parts.add(firstLine(c.getMessage()));
        }
      }
      parts.add(oneLine(malformed.getMessage()));
      return "malformed record in an input: " + String.join(": ", parts);
    }
    return t.getMessage();
  }

  /**
   * A configuration error prefixed with {@code what} if {@code e} is one Spark's analysis or a loss
   * raised; otherwise {@code e} itself, unchecked.
   */
  public static RuntimeException asConfig(Exception e, String what) {
    if (codeOf(e) == ExitCode.CONFIG && !(e instanceof JobException)) {
      return JobException.config(what + ": " + messageOf(e));
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /**
   * The exception saying a reader met a malformed record in FAILFAST mode, or null. Matched by
   * Spark's error class (3.4+) or by the parsers' internal exception's name, which is no API.
   */
  public static Throwable malformedRecord(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SparkThrowable s
          && s.getErrorClass() != null
          && s.getErrorClass().startsWith("MALFORMED_RECORD_IN_PARSING")) {
        return c;
      }
      if (c.getClass().getSimpleName().equals("BadRecordException")) {
        return c;
      }
    }
    return null;
  }

  public static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.strip().lines().findFirst().orElse("");
  }

  private static String oneLine(String message) {
    return message == null
        ? ""
        : String.join(
            " ", message.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
  }
}
