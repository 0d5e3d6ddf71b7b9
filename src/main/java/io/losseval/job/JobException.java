package io.losseval.job;

/** A failure the job reports as one message and a specific {@link ExitCode}, without a trace. */
public final class JobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode code;

  JobException(ExitCode code, String message) {
    super(message);
    this.code = code;
  }

  /** A configuration or input error (exit code 2). */
  public static JobException config(String message) {
    return new JobException(ExitCode.CONFIG, message);
  }

  ExitCode code() {
    return code;
  }
}
