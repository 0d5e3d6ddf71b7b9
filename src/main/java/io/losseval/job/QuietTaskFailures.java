package io.losseval.job;

import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.message.Message;

/**
 * Keeps Spark from logging, with every stack trace, the task failures the job reports itself in
 * one line: a row a loss rejects (exit code 4) and a malformed input record (exit code 2). Spark
 * logs each failed task three to five times over (the executor, the task set, the writer, and
 * for every killed sibling task), which buried the job's message under a hundred lines. Other
 * failures are logged as before. A Log4j 2 filter on the logging configuration, in place while
 * the job runs; without Log4j 2's core (another logging backend) nothing is filtered.
 */
final class QuietTaskFailures implements AutoCloseable {
  /** Text that marks a log event as one of the failures the job reports itself. */
  private static final Pattern REPORTED = Pattern.compile(
      "io\\.losseval\\.core\\.LossDataException|MALFORMED_RECORD_IN_PARSING|BadRecordException");
  /** The scheduler's line that follows a task failure, with nothing of the cause in it. */
  private static final Pattern ABORTING = Pattern.compile(
      "Task \\S+ in stage \\S+ failed \\d+ times?; aborting job");
  /** How long after a reported failure the scheduler's abort line is still taken as its. */
  private static final long FOLLOW_UP_MILLIS = 10_000;

  private final Runnable remove;

  private QuietTaskFailures(Runnable remove) {
    this.remove = remove;
  }

  /** Installs the filter; closing removes it. */
  static QuietTaskFailures install() {
    try {
      return new QuietTaskFailures(Log4j.install());
    } catch (LinkageError | ClassCastException e) { // no Log4j 2 core: another backend
      return new QuietTaskFailures(() -> {});
    }
  }

  @Override
  public void close() {
    remove.run();
  }

  /** Whether a log event with this text and throwable is about a failure the job reports. */
  static boolean reportedByTheJob(String message, Throwable thrown) {
    if (message != null && REPORTED.matcher(message).find()) {
      return true;
    }
    for (Throwable c = thrown; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (REPORTED.matcher(c.getClass().getName() + ": " + c.getMessage()).find()) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code message} is the scheduler's abort line that follows a task failure. */
  static boolean isAbortLine(String message) {
    return message != null && ABORTING.matcher(message).find();
  }

  /** The parts that need Log4j 2's core, loaded only when it is there. */
  private static final class Log4j extends AbstractFilter {
    private volatile long lastDenied = Long.MIN_VALUE / 2;

    private Log4j() {
      super(Filter.Result.DENY, Filter.Result.NEUTRAL);
    }

    static Runnable install() {
      LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
      Configuration config = context.getConfiguration();
      Log4j filter = new Log4j();
      filter.start();
      config.addFilter(filter);
      context.updateLoggers();
      return () -> {
        config.removeFilter(filter);
        filter.stop();
        context.updateLoggers();
      };
    }

    private Result decide(String message, Throwable thrown) {
      long now = System.currentTimeMillis();
      if (reportedByTheJob(message, thrown)) {
        lastDenied = now;
        return onMatch;
      }
      return isAbortLine(message) && now - lastDenied < FOLLOW_UP_MILLIS ? onMatch : onMismatch;
    }

    private static Throwable thrownIn(Object[] params) {
      if (params != null) {
        for (Object p : params) {
          if (p instanceof Throwable t) {
            return t;
          }
        }
      }
      return null;
    }

    @Override
    public Result filter(LogEvent event) {
      return decide(event.getMessage() == null ? null : event.getMessage().getFormattedMessage(),
          event.getThrown());
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Message msg, Throwable t) {
      return decide(msg == null ? null : msg.getFormattedMessage(), t);
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Object msg, Throwable t) {
      return decide(msg == null ? null : String.valueOf(msg), t);
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg,
        Object... params) {
      return decide(msg, thrownIn(params));
    }
  }
}
