package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.config.CommandLine;
import io.losseval.job.config.ConfigReader;
import io.losseval.job.config.JobConfig;
import io.losseval.testing.DocSnippets;
import io.losseval.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/job.md as it is: its configurations are read by the job's own reader, its commands are
 * parsed by the job's command line and configuration (and the error examples run, printing the
 * page's messages), {@code jobs/evaluate --help} prints the page's usage, the console excerpt has
 * the lines of a real run of the example, and the interval example runs as written (only its input
 * and output paths overridden), with the results of the SQL aggregates it stands for.
 */
class JobDocsTest {
  static final String PAGE = "docs/job.md";

  /** Options of jobs/evaluate that the launcher takes before the configuration, with a value. */
  private static final Set<String> SPARK_OPTIONS =
      Set.of(
          "--master",
          "--conf",
          "--driver-memory",
          "--deploy-mode",
          "--executor-memory",
          "--executor-cores",
          "--total-executor-cores",
          "--num-executors",
          "--queue",
          "--name",
          "--jars",
          "--files",
          "--packages",
          "--properties-file",
          "--driver-java-options",
          "--driver-class-path");

  @TempDir Path dir;

  @Test
  void intervalExampleRunsAsWritten() throws Exception {
    Path conf = dir.resolve("intervals.conf");
    Files.writeString(conf, DocSnippets.block(PAGE, "job-intervals"), StandardCharsets.UTF_8);
    String predictions = sample(20000);
    String out = dir.resolve("results").toString();
    JobRun run =
        JobRun.run(
            List.of(
                conf.toString(), "inputs.predictions.path=" + predictions, "output.path=" + out));
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("thresholds: 2 checked, all held"), run.out());

    SparkSession spark = SharedSpark.get();
    assertEquals(
        List.of(
            "slice",
            "model_version",
            "rows",
            "val_mse",
            "val_mse_lower",
            "val_mse_upper",
            "val_mse_rows",
            "val_mse_skipped",
            "new_mse",
            "new_mse_lower",
            "new_mse_upper",
            "new_mse_rows",
            "new_mse_skipped",
            "mse_change",
            "mse_change_lower",
            "mse_change_upper"),
        Arrays.asList(spark.read().parquet(out).columns()));
    List<Row> rows = JobResults.read(spark, out, "parquet");
    assertEquals(4, rows.size(), "overall and three model versions");
    spark
        .read()
        .parquet(predictions)
        .selectExpr("*", "0.8D * prediction + 0.2D * label AS new_prediction")
        .createOrReplaceTempView("job_docs_rows");
    Map<String, String> calls = new LinkedHashMap<>();
    calls.put("val_mse", "mse_loss_ci(prediction, label)");
    calls.put("new_mse", "mse_loss_ci(new_prediction, label, 'mean', named_struct('buckets', 50))");
    calls.put("mse_change", "mse_loss_compare(new_prediction, label, prediction, label)");
    JobResults.assertIntervalsMatchReference(
        spark, rows, "job_docs_rows", List.of(List.of(), List.of("model_version")), calls);
  }

  /** The console excerpt's lines, numbers aside, are lines of a real run of the example. */
  @Test
  void consoleOutputIsTheExamplesOutput() throws Exception {
    JobRun run =
        JobRun.run(
            List.of(
                "conf/example.conf",
                "inputs.predictions.path=" + sample(20000),
                "output.path=" + dir.resolve("results")));
    assertEquals(0, run.code(), run.toString());
    List<String> real = run.out().lines().map(JobDocsTest::shape).toList();
    List<String> shown =
        DocSnippets.block(PAGE, "console-output").lines().filter(l -> !l.equals("...")).toList();
    assertEquals(12, shown.size());
    for (String line : shown) {
      assertTrue(real.contains(shape(line)), "not in the real output: " + line + "\n" + run);
    }
  }

  /** A console line with numbers, paths and padding left out. */
  private static String shape(String line) {
    return line.replaceAll("file:\\S+", "file:PATH")
        .replaceAll("-?\\d[\\d,.]*", "N")
        .replaceAll("-+", "-")
        .replaceAll(" +", " ");
  }

  @Test
  void launcherHelpIsTheScripts() throws Exception {
    Process p =
        new ProcessBuilder("bash", "jobs/evaluate", "--help").redirectErrorStream(true).start();
    String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    assertEquals(DocSnippets.block(PAGE, "launcher-help"), help.stripTrailing());
  }

  @Test
  void configurationsAreValid() throws IOException {
    Path lake = dir.resolve("lake.conf");
    Files.writeString(lake, DocSnippets.block(PAGE, "lake-conf"), StandardCharsets.UTF_8);
    JobConfig c = ConfigReader.read(lake, List.of());
    assertEquals(List.of("labels", "scores"), c.inputs().keySet().stream().sorted().toList());
    assertEquals(
        List.of("val_ce", "val_bce"),
        c.evaluations().stream().map(JobConfig.Evaluation::name).toList());
    assertEquals(2, c.thresholds().size());
  }

  /** Every jobs/evaluate command of the page parses, and its configuration is valid. */
  @Test
  void commandsAreValid() {
    int commands = 0;
    for (String name : List.of("job-commands", "sql-mode", "overrides")) {
      for (List<String> words : commands(DocSnippets.block(PAGE, name))) {
        if (!words.get(0).equals("jobs/evaluate")) {
          continue;
        }
        CommandLine cli = CommandLine.parse(jobArguments(words).toArray(String[]::new));
        JobConfig c = ConfigReader.read(cli.config(), cli.overrides());
        if (c.sqlFile() != null) {
          assertTrue(Files.exists(Path.of(c.sqlFile())), c.sqlFile());
        }
        commands++;
      }
    }
    assertEquals(7, commands);
  }

  /** The error examples print the page's messages, before Spark is started. */
  @Test
  void configurationErrorsAreTheRealOnes() {
    List<String> messages = DocSnippets.block(PAGE, "config-errors").lines().toList();
    List<List<String>> commands = commands(DocSnippets.block(PAGE, "config-error-commands"));
    assertEquals(commands.size(), messages.size());
    for (int i = 0; i < commands.size(); i++) {
      JobRun run = JobRun.withoutSpark(jobArguments(commands.get(i)));
      assertEquals(2, run.code(), run.toString());
      assertEquals(messages.get(i), run.err().lines().findFirst().orElseThrow(), run.toString());
      assertTrue(run.err().contains("losseval: exit code 2 (CONFIG)"), run.toString());
    }
  }

  /** The cluster example names the job's class, this build's bundle jar and a valid command. */
  @Test
  void clusterCommandIsThisBuilds() throws IOException, ClassNotFoundException {
    List<List<String>> commands = commands(DocSnippets.block(PAGE, "cluster"));
    assertEquals(List.of("mvn", "-B", "package", "-DskipTests"), commands.get(0));
    List<String> submit = commands.get(1);
    assertEquals("spark-submit", submit.get(0));
    int at = submit.indexOf("--class");
    Class.forName(submit.get(at + 1));
    assertEquals(
        "target/spark-loss-evaluator-4.2_2.13-"
            + ShellSnippetsTest.releaseVersion()
            + "-bundle.jar",
        submit.get(at + 2));
    List<String> job = submit.subList(at + 3, submit.size());
    CommandLine cli = CommandLine.parse(job.toArray(String[]::new));
    ConfigReader.read(cli.config(), cli.overrides());
  }

  /** Writes {@code rows} sample rows as Parquet and returns their path. */
  private String sample(int rows) {
    String predictions = dir.resolve("predictions.parquet").toString();
    JobRun sample = JobRun.run(List.of("--generate-sample", Integer.toString(rows), predictions));
    assertEquals(0, sample.code(), sample.toString());
    return predictions;
  }

  /** The job's own arguments of a jobs/evaluate command: no launcher options; the default. */
  private static List<String> jobArguments(List<String> words) {
    List<String> args = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      if (SPARK_OPTIONS.contains(words.get(i))) {
        i++;
      } else {
        args.add(words.get(i));
      }
    }
    return args.isEmpty() ? List.of(JobRun.EXAMPLE.toString()) : args;
  }

  /**
   * The commands of a shell snippet as words, as bash would split them: a backslash at a line's end
   * continues it, quotes group, and {@code #} at the start of a word starts a comment.
   */
  static List<List<String>> commands(String shell) {
    List<List<String>> commands = new ArrayList<>();
    for (String line : shell.replace("\\\n", " ").split("\n")) {
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      char quote = 0;
      for (int i = 0; i < line.length(); i++) {
        char ch = line.charAt(i);
        if (quote != 0) {
          if (ch == quote) {
            quote = 0;
          } else {
            word.append(ch);
          }
        } else if (ch == '\'' || ch == '"') {
          quote = ch;
          word = word == null ? new StringBuilder() : word;
        } else if (Character.isWhitespace(ch)) {
          if (word != null) {
            words.add(word.toString());
            word = null;
          }
        } else if (ch == '#' && word == null) {
          break;
        } else {
          word = word == null ? new StringBuilder() : word;
          word.append(ch);
        }
      }
      if (word != null) {
        words.add(word.toString());
      }
      if (!words.isEmpty()) {
        commands.add(words);
      }
    }
    return commands;
  }
}
