package io.losseval.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.job.EvaluateJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Separate Spark JVMs for the integration tests: SparkSubmit, a standalone Master and Workers, all
 * on 127.0.0.1 with Spark's classes from the Maven artifacts (the pom writes their class path to
 * target/spark-classpath.txt at package time). Every process started here is killed, with its child
 * processes, by {@link #stopAll} and, as a last resort, when the test JVM exits.
 */
public final class SparkProcesses {
  public static final String MAIN = EvaluateJob.class.getName();
  private static final List<Process> STARTED = new CopyOnWriteArrayList<>();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SPARK_CORE = Pattern.compile("spark-core_([0-9.]+)-.*\\.jar");

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SparkProcesses::stopAll));
  }

  private SparkProcesses() {}

  /** The packaged application jar (shaded, Spark provided). */
  public static Path applicationJar() {
    Path jar = Path.of(property("losseval.jar"));
    if (!Files.isRegularFile(jar)) {
      fail("the application jar " + jar + " is missing: run the integration tests with mvn verify");
    }
    return jar;
  }

  /** Spark's jars, without the application's classes or Typesafe Config. */
  public static List<String> sparkJars() {
    try {
      String cp = Files.readString(Path.of(property("losseval.sparkClasspathFile"))).trim();
      return List.of(cp.split(java.io.File.pathSeparator));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code java} with the flags Spark needs on Java 17 and the given heap. */
  public static List<String> java(String heap) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(property("losseval.java17Flags").trim().split("\\s+")));
    cmd.add("-Xmx" + heap);
    return cmd;
  }

  /**
   * A SparkSubmit command for the job, as spark-submit would run it (client mode): the driver is
   * this JVM, logging as conf/log4j2.properties says.
   */
  public static List<String> submit(
      String classpath, List<String> sparkArgs, List<String> jobArgs) {
    return submit(classpath, sparkArgs, jobArgs, Path.of("conf/log4j2.properties"));
  }

  /** The same, logging as {@code log4jConfig} says. */
  public static List<String> submit(
      String classpath, List<String> sparkArgs, List<String> jobArgs, Path log4jConfig) {
    List<String> cmd = java("1g");
    cmd.add("-Dlog4j2.configurationFile=" + log4jConfig.toUri());
    cmd.addAll(List.of("-cp", classpath, "org.apache.spark.deploy.SparkSubmit"));
    cmd.addAll(sparkArgs);
    cmd.addAll(List.of("--class", MAIN, applicationJar().toString()));
    cmd.addAll(jobArgs);
    return cmd;
  }

  /**
   * Environment every Spark process gets: loopback only, this JVM's Java, and the Scala version of
   * the Spark jars, which a Worker's launcher otherwise looks up in a Spark source build.
   */
  public static Map<String, String> environment(Path sparkHome) {
    String scala = null;
    for (String jar : sparkJars()) {
      Matcher m = SPARK_CORE.matcher(Path.of(jar).getFileName().toString());
      if (m.matches()) {
        scala = m.group(1);
      }
    }
    if (scala == null) {
      fail("no spark-core jar in " + sparkJars());
    }
    return Map.of(
        "SPARK_LOCAL_IP",
        "127.0.0.1",
        "SPARK_HOME",
        sparkHome.toString(),
        "JAVA_HOME",
        System.getProperty("java.home"),
        "SPARK_SCALA_VERSION",
        scala);
  }

  /** Starts {@code command}, its stdout and stderr into {@code logs}/NAME.out and .err. */
  public static Process start(
      String name, List<String> command, Map<String, String> env, Path logs) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectOutput(logs.resolve(name + ".out").toFile())
              .redirectError(logs.resolve(name + ".err").toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      STARTED.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process to end; kills it and fails after {@code timeout}. */
  public static int waitFor(Process p, Duration timeout, String what) {
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        fail(what + " did not finish within " + timeout);
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(p);
      throw new AssertionError(e);
    }
  }

  /** Kills the process and every process it started (a Worker's executors). */
  public static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static void stopAll() {
    for (Process p : STARTED) {
      kill(p);
    }
    STARTED.clear();
  }

  public static String log(Path logs, String file) {
    try {
      Path p = logs.resolve(file);
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loopback port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON at {@code url}, or null while nothing answers there. */
  public static JsonNode getJson(String url) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Polls {@code url} every 200 ms until its JSON satisfies {@code condition}; fails after {@code
   * timeout}, or as soon as {@code process} (if given) has ended.
   */
  public static JsonNode await(
      String url, Predicate<JsonNode> condition, Duration timeout, Process process, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode json = getJson(url);
      if (json != null && condition.test(json)) {
        return json;
      }
      if (process != null && !process.isAlive()) {
        fail(what + ": the process ended first (exit " + process.exitValue() + ")");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return fail(what + ": not reached within " + timeout + " at " + url);
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null) {
      fail("system property " + name + " is not set: run the integration tests with mvn verify");
    }
    return v;
  }
}
