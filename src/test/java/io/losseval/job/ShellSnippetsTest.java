package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.losseval.job.config.CommandLine;
import io.losseval.job.config.ConfigReader;
import io.losseval.testing.DocSnippets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shell commands of README.md and the docs that no other test runs are this project's: each
 * command is one this checkout has or a tool they name (Maven with this POM's profiles, pip with
 * this package, spark-submit with the job's class and this build's jar), every repository path they
 * name exists, and a {@code jobs/evaluate} command parses with a valid configuration.
 */
class ShellSnippetsTest {
  private static final Pattern PROFILE = Pattern.compile("<id>([^<]+)</id>");
  private static final Pattern REPOSITORY_PATH =
      Pattern.compile("^(conf|jobs|tools|python|src)/[^*]+$");

  static Stream<Arguments> snippets() {
    return Stream.of(
        Arguments.of("README.md", "readme-install"),
        Arguments.of("README.md", "readme-job"),
        Arguments.of("docs/getting-started.md", "build-jars"),
        Arguments.of("docs/development.md", "regenerate-fixtures"));
  }

  @ParameterizedTest
  @MethodSource("snippets")
  void commandsAreThisProjects(String page, String name) throws Exception {
    List<List<String>> commands = new ArrayList<>();
    for (List<String> line : JobDocsTest.commands(DocSnippets.block(page, name))) {
      int from = 0;
      for (int i = 0; i <= line.size(); i++) {
        if (i == line.size() || line.get(i).equals("&&")) {
          commands.add(line.subList(from, i));
          from = i + 1;
        }
      }
    }
    assertTrue(commands.size() >= 2, page + " " + name);
    for (List<String> command : commands) {
      check(command);
      for (String word : command) {
        if (REPOSITORY_PATH.matcher(word).matches()) {
          assertTrue(Files.exists(Path.of(word)), page + " " + name + ": no file " + word);
        }
      }
    }
  }

  private static void check(List<String> command) throws Exception {
    String program = command.get(0);
    switch (program) {
      case "mvn" -> {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String word : command) {
          if (word.startsWith("-P")) {
            assertTrue(profiles(pom).contains(word.substring(2)), "no Maven profile " + word);
          }
        }
        assertTrue(command.contains("package"), "builds the jar: " + command);
      }
      case "pip" -> {
        assertEquals("install", command.get(1));
        String project = Files.readString(Path.of("python/pyproject.toml"));
        assertTrue(
            project.contains("\nname = \"" + command.get(2) + "\"\n"),
            "not the Python package's name: " + command);
      }
      case "jobs/evaluate" -> {
        List<String> args =
            command.size() == 1
                ? List.of(JobRun.EXAMPLE.toString())
                : command.subList(1, command.size());
        CommandLine cli = CommandLine.parse(args.toArray(String[]::new));
        ConfigReader.read(cli.config(), cli.overrides());
      }
      case "spark-submit" -> {
        int at = command.indexOf("--class");
        Class.forName(command.get(at + 1));
        assertTrue(
            command
                .get(at + 2)
                .matches(
                    "spark-loss-evaluator-4\\.2_2\\.13-"
                        + Pattern.quote(releaseVersion())
                        + "-bundle\\.jar"),
            command.toString());
      }
      case "python3" -> assertEquals(List.of("python3", "-m", "venv"), command.subList(0, 3));
      default -> {
        if (program.endsWith("/bin/pip")) {
          assertEquals("install", command.get(1));
        } else if (program.endsWith("/bin/python")) {
          assertTrue(Files.exists(Path.of(command.get(1))), command.toString());
        } else {
          fail("a command no check knows: " + command);
        }
      }
    }
  }

  /** This POM's version without -SNAPSHOT: what a release build names its jars. */
  static String releaseVersion() throws IOException {
    Matcher m =
        Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find());
    return m.group(1).replace("-SNAPSHOT", "");
  }

  private static List<String> profiles(String pom) {
    List<String> ids = new ArrayList<>();
    Matcher m = PROFILE.matcher(pom);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
