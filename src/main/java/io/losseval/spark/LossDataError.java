package io.losseval.spark;

import io.losseval.PublicApi;
import io.losseval.core.LossDataException;
import java.util.Map;
import org.apache.spark.SparkThrowable;

/**
 * A row a loss rejects, as a task of a Spark query reports it: the core's message with the
 * offending column, and a {@link SparkThrowable} with the condition {@value #CONDITION}. Being a
 * SparkThrowable, Spark raises it itself, not wrapped in "Job aborted due to stage failure" with
 * the executor's stack trace in the message; being an {@link IllegalArgumentException}, PySpark
 * turns it into its own {@code IllegalArgumentException} whose text is the message alone (on a
 * classic session, and over Spark Connect, which sends the condition along). It carries no stack
 * trace and no cause, as it reports the data, not the code.
 */
@PublicApi
public final class LossDataError extends LossDataException implements SparkThrowable {
  private static final long serialVersionUID = 1L;

  /** The error condition, as Spark's errors name theirs. */
  public static final String CONDITION = "LOSSEVAL_DATA_ERROR";

  /** SQLSTATE 22023, "invalid parameter value": a data exception. */
  public static final String SQL_STATE = "22023";

  /**
   * The task's report of {@code cause}, the core's error for a row, with {@code message}: its text
   * with the offending column added (the Spark adapters build it; users catch it).
   *
   * @param cause the core's data error, whose argument index this keeps
   * @param message the message to report
   */
  public LossDataError(LossDataException cause, String message) {
    super(cause.argument(), message);
  }

  /**
   * None: the message says all there is (the function, the column, the value, what is allowed), and
   * Spark Connect would otherwise send the frames to every client, after the message.
   */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /** Ignored, for the same reason: Spark gives a task's error the driver's frames this way. */
  @Override
  public void setStackTrace(StackTraceElement[] stackTrace) {
    // keeps none
  }

  /** The condition (Spark 4's name for an error class). */
  public String getCondition() {
    return CONDITION;
  }

  /** The condition, for Spark 3.5, which calls it an error class. */
  @Override
  @SuppressWarnings("deprecation") // 4.x deprecates the name 3.5 requires
  public String getErrorClass() {
    return CONDITION;
  }

  @Override
  public String getSqlState() {
    return SQL_STATE;
  }

  @Override
  public Map<String, String> getMessageParameters() {
    return Map.of("message", getMessage());
  }
}
