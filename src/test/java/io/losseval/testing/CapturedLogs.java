package io.losseval.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/** Every log event that reaches the root logger's appenders while open, as text. */
public final class CapturedLogs extends AbstractAppender implements AutoCloseable {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final LoggerContext context;

  private CapturedLogs(LoggerContext context) {
    super("captured", null, null, true, Property.EMPTY_ARRAY);
    this.context = context;
  }

  public static CapturedLogs capture() {
    LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
    CapturedLogs logs = new CapturedLogs(context);
    logs.start();
    Configuration config = context.getConfiguration();
    config.getRootLogger().addAppender(logs, null, null);
    context.updateLoggers();
    return logs;
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder text =
        new StringBuilder(
            event.getLevel()
                + " "
                + event.getLoggerName()
                + ": "
                + event.getMessage().getFormattedMessage());
    for (Throwable t = event.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      text.append("\n").append(t);
    }
    events.add(text.toString());
  }

  /** The captured events whose text (message and causes) contains {@code text}. */
  public List<String> mentioning(String text) {
    return events.stream().filter(e -> e.contains(text)).toList();
  }

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(getName());
    context.updateLoggers();
    stop();
  }
}
