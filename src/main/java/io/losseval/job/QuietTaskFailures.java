package io.losseval.job;

import io.losseval.spark.internal.QuietLogs;
import java.util.regex.Pattern;

/**
 * Keeps Spark from logging, with every stack trace, the task failures the job reports itself in one
 * line: a row a loss rejects (exit code 4) and a malformed input record (exit code 2). Spark logs
 * each failed task three to five times over (the executor, the task set, the writer, and for every
 * killed sibling task), which buried the job's message under a hundred lines. Other failures are
 * logged as before. A {@link QuietLogs} filter, in place while the job runs.
 */
final class QuietTaskFailures implements AutoCloseable {
  /** Text that marks a log event as one of the failures the job reports itself. */
  private static final Pattern REPORTED =
      Pattern.compile(
          "io\\.losseval\\.core\\.LossDataException|io\\.losseval\\.spark\\.LossDataError"
              + "|MALFORMED_RECORD_IN_PARSING|BadRecordException");

  private final Runnable remove;

  private QuietTaskFailures(Runnable remove) {
    this.remove = remove;
  }

  /** Installs the filter; closing removes it. */
  static QuietTaskFailures install() {
    return new QuietTaskFailures(QuietLogs.install(QuietTaskFailures::reportedByTheJob));
  }

  @Override
  public void close() {
    remove.run();
  }

  /** Whether a log event with this text and throwable is about a failure the job reports. */
  static boolean reportedByTheJob(String message, Throwable thrown) {
    return QuietLogs.mentions(REPORTED, message, thrown);
  }

  /** Whether {@code message} is the scheduler's abort line that follows a task failure. */
  static boolean isAbortLine(String message) {
    return QuietLogs.isAbortLine(message);
  }
}
