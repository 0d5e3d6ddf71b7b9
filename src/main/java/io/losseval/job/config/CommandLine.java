package io.losseval.job.config;

import io.losseval.job.JobException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's command line: a configuration file with {@code key=value} overrides, or one of the
 * other modes.
 *
 * @param config the configuration file, or null for help and sample generation
 * @param overrides configuration overrides in order ({@code --sql}, {@code --allow-writes} and
 *     {@code --available-now} become overrides too)
 * @param help whether to print the usage and stop
 * @param sampleRows rows of sample data to generate, or -1
 * @param samplePath where to write the sample data, or null
 */
public record CommandLine(
    Path config, List<String> overrides, boolean help, long sampleRows, String samplePath) {

  /** Setting this environment variable to 1 or true is the same as {@code --debug}. */
  static final String DEBUG_ENV = "LOSSEVAL_DEBUG";

  public static final String USAGE =
      String.join(
          "\n",
          "usage: EvaluateJob CONFIG.conf [key=value ...] [--sql FILE.sql [--allow-writes]] [--debug]",
          "       EvaluateJob STREAMING.conf [key=value ...] [--available-now] [--debug]",
          "       EvaluateJob --generate-sample ROWS PATH",
          "",
          "  CONFIG.conf        the job's HOCON configuration (see conf/example.conf)",
          "  key=value          overrides any configuration key, e.g. output.overwrite=true",
          "                     or slices=[[],[model_version]]",
          "  --sql FILE.sql     SQL mode: run the file's statements against the configured inputs",
          "                     (same as sql-file=FILE.sql); its result goes to sql-output, if set",
          "  --allow-writes     SQL mode may run statements that write or change the session",
          "                     (same as sql-allow-writes=true); without it only queries and",
          "                     CREATE TEMPORARY VIEW run",
          "  --available-now    a streaming job (stream { ... }) processes what has arrived, then",
          "                     exits (same as stream.trigger=available-now)",
          "  --debug            print stack traces and Spark's task failures (or "
              + DEBUG_ENV
              + "=1)",
          "  --generate-sample ROWS PATH",
          "                     write ROWS deterministic sample model outputs to PATH (Parquet)",
          "",
          "exit codes: 0 ok, 1 unexpected failure, 2 configuration or input error,",
          "            3 threshold violated (results written), 4 invalid data in a row");

  public CommandLine {
    overrides = List.copyOf(overrides);
  }

  /**
   * Whether {@code args} ({@code --debug}) or the environment ask for stack traces and Spark's
   * task-failure logs; read before parsing, so that it holds however the rest parses.
   */
  public static boolean debugRequested(String[] args) {
    String env = System.getenv(DEBUG_ENV);
    return List.of(args).contains("--debug") || "1".equals(env) || "true".equalsIgnoreCase(env);
  }

  public static CommandLine parse(String[] args) {
    Path config = null;
    List<String> overrides = new ArrayList<>();
    boolean help = false;
    long sampleRows = -1;
    String samplePath = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        help = true;
      } else if (a.equals("--debug")) {
        continue; // read by debugRequested, before anything can fail
      } else if (a.equals("--sql")) {
        overrides.add("sql-file=" + value(args, ++i, a));
      } else if (a.equals("--allow-writes")) {
        overrides.add("sql-allow-writes=true");
      } else if (a.equals("--available-now")) {
        overrides.add("stream.trigger=available-now");
      } else if (a.equals("--generate-sample")) {
        String rows = value(args, ++i, a);
        samplePath = value(args, ++i, a);
        try {
          sampleRows = Long.parseLong(rows);
        } catch (NumberFormatException e) {
          throw JobException.config(
              "--generate-sample: ROWS must be a whole number, got '" + rows + "'\n" + USAGE);
        }
      } else if (a.startsWith("-")) {
        throw JobException.config("unknown option '" + a + "'\n" + USAGE);
      } else if (a.contains("=") && !Files.isRegularFile(Path.of(a))) {
        overrides.add(a);
      } else if (config == null) {
        config = Path.of(a);
      } else {
        throw JobException.config(
            "unexpected argument '"
                + a
                + "' (the configuration is "
                + config
                + "; overrides are key=value)\n"
                + USAGE);
      }
    }
    if (config == null && !help && sampleRows < 0) {
      throw JobException.config("no configuration file given\n" + USAGE);
    }
    return new CommandLine(config, overrides, help, sampleRows, samplePath);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw JobException.config(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }
}
