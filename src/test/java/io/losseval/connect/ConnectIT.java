package io.losseval.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.losseval.testing.SharedSpark;
import io.losseval.testing.SparkProcesses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions over Spark Connect: a real Spark Connect server ({@code tools/connect-server}:
 * Spark's SparkConnectServer with the bundle jar and MLlib on its class path, nothing configured)
 * in its own JVM on 127.0.0.1, queried by the JVM Connect client in a third JVM. Every {@link
 * ConnectQueries} result must equal the same query's on a classic local session, bit for bit. The
 * server jar exists for the default Spark line only, so the other lines skip this.
 */
@DisabledIfSystemProperty(
    named = "losseval.connectSkip",
    matches = "true",
    disabledReason = "no Spark Connect server on Maven Central for this Spark line")
class ConnectIT {
  static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Result lines: grouped queries give a line per group, global ones one, per-row ones a line per
   * row.
   */
  static final int EXPECTED_LINES =
      ConnectQueries.GROUPS + 1 + ConnectQueries.GROUPS + 1 + ConnectQueries.PER_ROW_LIMIT;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // logs stay for a failed run
  static Path dir;

  static String url;

  @BeforeAll
  static void startServer() {
    int port = SparkProcesses.freePort();
    Process server =
        SparkProcesses.start(
            "connect-server",
            List.of(
                "bash",
                "tools/connect-server",
                "--port",
                String.valueOf(port),
                "--jar",
                property("losseval.jar")),
            Map.of(),
            dir);
    awaitListening(port, server);
    url = "sc://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() {
    SparkProcesses.stopAll();
  }

  @Test
  void theConnectClientGetsTheClassicSessionsBits() throws IOException {
    List<String> classic = ConnectQueries.run(SharedSpark.get());
    assertEquals(EXPECTED_LINES, classic.size(), String.join("\n", classic));
    for (String line : classic) {
      assertFalse(line.contains("null") || line.contains("NaN"), line);
    }

    Path out = dir.resolve("connect-results.txt");
    List<String> client = SparkProcesses.java("1g");
    client.addAll(
        List.of("-cp", clientClasspath(), ConnectClient.class.getName(), url, out.toString()));
    int code =
        SparkProcesses.waitFor(
            SparkProcesses.start("connect-client", client, Map.of(), dir),
            CLIENT_TIMEOUT,
            "the Connect client");
    assertEquals(
        0,
        code,
        SparkProcesses.log(dir, "connect-client.err")
            + SparkProcesses.log(dir, "connect-server.err"));
    assertEquals(classic, Files.readAllLines(out));
  }

  /** The Connect client's jars, then this build's test classes (ConnectClient, ConnectQueries). */
  private static String clientClasspath() throws IOException {
    return Files.readString(Path.of(property("losseval.connectClientClasspathFile"))).trim()
        + java.io.File.pathSeparator
        + property("losseval.testClasses");
  }

  /** Waits until the server accepts connections on {@code port}; fails if it ends first. */
  private static void awaitListening(int port, Process server) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        if (!server.isAlive()) {
          fail(
              "the Connect server ended (exit "
                  + server.exitValue()
                  + "): "
                  + SparkProcesses.log(dir, "connect-server.err"));
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    fail(
        "the Connect server did not listen on port "
            + port
            + " within "
            + START_TIMEOUT
            + ": "
            + SparkProcesses.log(dir, "connect-server.err"));
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null) {
      fail("system property " + name + " is not set: run the integration tests with mvn verify");
    }
    return v;
  }
}
