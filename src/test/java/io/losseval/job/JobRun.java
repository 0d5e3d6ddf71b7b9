package io.losseval.job;

import io.losseval.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the job: its exit code and what it printed. */
public record JobRun(int code, String out, String err) {

  /** Runs the job on the shared test session. */
  public static JobRun run(List<String> args) {
    return run(args, true);
  }

  /** Runs the job where starting Spark fails the run: configuration errors must come first. */
  public static JobRun withoutSpark(List<String> args) {
    return run(args, false);
  }

  private static JobRun run(List<String> args, boolean spark) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          EvaluateJob.run(
              args.toArray(new String[0]),
              name -> {
                if (!spark) {
                  throw new AssertionError(
                      "Spark was started before the configuration was checked");
                }
                return SharedSpark.get();
              },
              o,
              e);
    }
    return new JobRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
