package io.losseval.job;

/**
 * The job's exit codes, documented in docs/job.md. A scheduler gating a deployment can tell "fix
 * the configuration or the data" (2, 4) from "the model is worse than allowed" (3) from "something
 * broke, retrying may help" (1).
 */
public enum ExitCode {
  /** The evaluation ran, its results were written and every threshold held. */
  OK(0),
  /** An unexpected failure (Spark, storage, a bug); the output was not written. */
  FAILURE(1),
  /**
   * Bad configuration or input: unknown key, loss function, option or result name, a missing input
   * path, table or column, a column of the wrong type, a malformed input record, an existing output
   * the job may not replace, an output path on or around an input, a statement that would write
   * where only reading is allowed. Nothing was written.
   */
  CONFIG(2),
  /** Results were written, but at least one threshold was violated. */
  THRESHOLD(3),
  /** A row held a value the loss rejects (e.g. a class index out of range); nothing was written. */
  DATA(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
