package io.losseval.spark.columnar;

/**
 * A plan that cannot run as a columnar partial aggregate; the message says why (logged at debug
 * level, and the plan stays on the row path). Without a stack trace: it is an answer, not a fault.
 */
final class NotColumnar extends Exception {
  private static final long serialVersionUID = 1L;

  NotColumnar(String message) {
    super(message, null, false, false);
  }
}
