package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossDataException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.spi.ExtendedLogger;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** Spark's log lines about failures the job reports itself are dropped, others kept. */
class QuietTaskFailuresTest {
  static final String LOST_TASK =
      "Lost task 0.0 in stage 5.0 (TID 10) (192.0.2.2 executor "
          + "driver): io.losseval.core.LossDataException: cross_entropy: target value 7 is out of "
          + "range [0, 4)\n\tat io.losseval.spark.row.LossAggregate.update(LossAggregate.java:76)";

  static final String MALFORMED =
      "Lost task 1.0: [MALFORMED_RECORD_IN_PARSING"
          + ".WITHOUT_SUGGESTION] Malformed records are detected in record parsing";

  @Test
  void recognisesTheFailuresTheJobReports() {
    assertTrue(QuietTaskFailures.reportedByTheJob(LOST_TASK, null));
    assertTrue(
        QuietTaskFailures.reportedByTheJob(
            "Exception in task 0.0 in stage 5.0",
            new SparkException("Job aborted", new LossDataException(1, "bad"))));
    assertTrue(
        QuietTaskFailures.reportedByTheJob(
            "Lost task 1.0: [MALFORMED_RECORD_IN_PARSING"
                + ".WITHOUT_SUGGESTION] Malformed records are detected in record parsing",
            null));
    assertFalse(
        QuietTaskFailures.reportedByTheJob(
            "Lost task 0.0: java.io.IOException: " + "No space left on device",
            new java.io.IOException("No space left on device")));
    assertTrue(QuietTaskFailures.isAbortLine("Task 0 in stage 5.0 failed 1 times; aborting job"));
    assertTrue(QuietTaskFailures.isAbortLine("Task 3 in stage 2.0 failed 4 times; aborting job"));
  }

  @Test
  void installedItDropsThoseLinesAndTheAbortLineAfterThemAndClosingRestoresLogging() {
    ExtendedLogger tasks =
        (ExtendedLogger) LogManager.getLogger("org.apache.spark.scheduler.TaskSetManager");
    String abort = "Task 0 in stage 5.0 failed 1 times; aborting job";
    String other = "Lost task 0.0 in stage 5.0: java.io.IOException: No space left on device";
    try (QuietTaskFailures quiet = QuietTaskFailures.install()) {
      assertFalse(tasks.isEnabled(Level.WARN, null, MALFORMED, (Throwable) null));
      assertTrue(tasks.isEnabled(Level.ERROR, null, other, (Throwable) null));
      assertFalse(tasks.isEnabled(Level.WARN, null, LOST_TASK, (Throwable) null));
      assertFalse(
          tasks.isEnabled(
              Level.ERROR,
              null,
              "Exception in task 0.0",
              new SparkException("aborted", new LossDataException(0, "bad"))));
      assertFalse(
          tasks.isEnabled(Level.ERROR, null, abort, (Throwable) null),
          "the scheduler's abort line right after a data failure");
    }
    // A malformed record: the data errors' own lines stay quiet once the loss functions'
    // extension has loaded in this JVM (io.losseval.spark.internal.QuietLogs), whatever the job
    // does.
    assertTrue(tasks.isEnabled(Level.WARN, null, MALFORMED, (Throwable) null));
  }
}
