package io.losseval.spark.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
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
 * Keeps Spark from logging, with every stack trace, task failures that reach the user in one clear
 * line anyway. Spark logs each failed task several times over (the executor, the task set, for
 * every killed sibling task, then the scheduler's abort line), about 35 frames each, which buried
 * the one line that matters. A Log4j 2 filter on the logging configuration; other failures are
 * logged as before, and without Log4j 2's core (another logging backend) nothing is filtered.
 */
public final class QuietLogs {
  /** The scheduler's line that follows a task failure, with nothing of the cause in it. */
  private static final Pattern ABORTING =
      Pattern.compile("Task \\S+ in stage \\S+ failed \\d+ times?; aborting job");

  /** How long after a dropped failure the scheduler's abort line is still taken as its. */
  private static final long FOLLOW_UP_MILLIS = 10_000;

  /** Text that marks a log event as a row a loss rejected. */
  private static final Pattern DATA_ERROR =
      Pattern.compile("io\\.losseval\\.(core\\.LossDataException|spark\\.LossDataError)");

  private static final AtomicBoolean DATA_ERRORS_QUIET = new AtomicBoolean();

  private QuietLogs() {}

  /**
   * Drops, for the rest of the JVM's life, the log events about rows a loss rejected: the error
   * reaches whoever ran the query (a Spark exception, a Python exception, the job's message) with
   * the function, the column and the value. Called by {@code LossExtensions} for every session;
   * installs once.
   */
  public static void quietDataErrors() {
    if (DATA_ERRORS_QUIET.compareAndSet(false, true)) {
      install(QuietLogs::aboutDataError);
    }
  }

  /** Whether a log event with this text and throwable is about a row a loss rejected. */
  public static boolean aboutDataError(String message, Throwable thrown) {
    return mentions(DATA_ERROR, message, thrown);
  }

  /** Whether {@code pattern} is found in {@code message} or in a throwable of the chain. */
  public static boolean mentions(Pattern pattern, String message, Throwable thrown) {
    if (message != null && pattern.matcher(message).find()) {
      return true;
    }
    for (Throwable c = thrown; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (pattern.matcher(c.getClass().getName() + ": " + c.getMessage()).find()) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code message} is the scheduler's abort line that follows a task failure. */
  public static boolean isAbortLine(String message) {
    return message != null && ABORTING.matcher(message).find();
  }

  /**
   * Installs a filter that drops the events {@code reported} accepts (message, throwable) and the
   * scheduler's abort line shortly after one; the returned action removes it.
   */
  public static Runnable install(BiPredicate<String, Throwable> reported) {
    try {
      return Log4j.install(reported);
    } catch (LinkageError | ClassCastException e) { // no Log4j 2 core: another backend
      return () -> {};
    }
  }

  /** The parts that need Log4j 2's core, loaded only when it is there. */
  private static final class Log4j extends AbstractFilter {
    private final BiPredicate<String, Throwable> reported;
    private volatile long lastDenied = Long.MIN_VALUE / 2;

    private Log4j(BiPredicate<String, Throwable> reported) {
      super(Filter.Result.DENY, Filter.Result.NEUTRAL);
      this.reported = reported;
    }

    static Runnable install(BiPredicate<String, Throwable> reported) {
      LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
      Configuration config = context.getConfiguration();
      Log4j filter = new Log4j(reported);
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
      if (reported.test(message, thrown)) {
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
      return decide(
          event.getMessage() == null ? null : event.getMessage().getFormattedMessage(),
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
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object... params) {
      return decide(msg, thrownIn(params));
    }
  }
}
