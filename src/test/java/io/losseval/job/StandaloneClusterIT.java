package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.losseval.testing.SharedSpark;
import io.losseval.testing.SparkProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real Spark standalone cluster: a Master and two Workers as separate JVMs on
 * 127.0.0.1, Spark from the Maven artifacts (a temporary SPARK_HOME whose jars/ links to them), the
 * job submitted with two single-core executors. Its results must equal the local run's bit for bit,
 * also when a Worker and its executor are killed while tasks run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  static final long ROWS = 600_000;
  static final int PARTITIONS = 30;
  static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // logs stay for a failed run
  static Path dir;

  static Path sparkHome;
  static Path conf;
  static int masterPort;
  static int masterUi;
  static final List<Process> workers = new ArrayList<>();
  static List<Row> local;

  @BeforeAll
  static void startCluster() throws IOException {
    sparkHome = dir.resolve("spark-home");
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    for (String jar : SparkProcesses.sparkJars()) {
      Path source = Path.of(jar);
      Files.createSymbolicLink(jars.resolve(source.getFileName()), source);
    }
    Files.createDirectories(sparkHome.resolve("conf"));
    Files.copy(Path.of("conf/log4j2.properties"), sparkHome.resolve("conf/log4j2.properties"));

    masterPort = SparkProcesses.freePort();
    masterUi = SparkProcesses.freePort();
    String classpath = sparkHome.resolve("jars") + "/*";
    List<String> master = SparkProcesses.java("512m");
    master.addAll(
        List.of(
            "-cp",
            classpath,
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(masterPort),
            "--webui-port",
            String.valueOf(masterUi)));
    Process m = SparkProcesses.start("master", master, SparkProcesses.environment(sparkHome), dir);
    SparkProcesses.await(masterJson(), json -> json.has("url"), START_TIMEOUT, m, "master");
    for (int w = 1; w <= 2; w++) {
      List<String> worker = SparkProcesses.java("512m");
      worker.addAll(
          List.of(
              "-cp",
              classpath,
              "org.apache.spark.deploy.worker.Worker",
              "spark://127.0.0.1:" + masterPort,
              "--host",
              "127.0.0.1",
              "--cores",
              "1",
              "--memory",
              "1g",
              "--port",
              String.valueOf(SparkProcesses.freePort()),
              "--webui-port",
              String.valueOf(SparkProcesses.freePort()),
              "--work-dir",
              Files.createDirectories(dir.resolve("work-" + w)).toString()));
      workers.add(
          SparkProcesses.start("worker-" + w, worker, SparkProcesses.environment(sparkHome), dir));
    }
    SparkProcesses.await(
        masterJson(),
        json -> json.path("aliveworkers").asInt() == 2,
        START_TIMEOUT,
        m,
        "two alive workers");

    conf = SparkSubmitIT.writeConfig(dir, ROWS, PARTITIONS);
    String out = dir.resolve("local").toString();
    JobRun run =
        JobRun.run(
            List.of(
                conf.toString(),
                "output.path=" + out,
                "slices=[[], [model_version], [model_version, day]]"));
    assertEquals(0, run.code(), run.toString());
    local = JobResults.read(SharedSpark.get(), out, "parquet");
  }

  @AfterAll
  static void stopCluster() {
    SparkProcesses.stopAll();
  }

  static String masterJson() {
    return "http://127.0.0.1:" + masterUi + "/json/";
  }

  /** Submits the job to the cluster, its driver UI (for polling) on {@code uiPort}. */
  static Process submit(String name, String out, int uiPort) {
    List<String> spark =
        List.of(
            "--master",
            "spark://127.0.0.1:" + masterPort,
            "--total-executor-cores",
            "2",
            "--executor-cores",
            "1",
            "--executor-memory",
            "1g",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.driver.bindAddress=127.0.0.1",
            "--conf",
            "spark.ui.port=" + uiPort);
    List<String> job =
        List.of(
            conf.toString(),
            "output.path=" + out,
            "slices=[[], [model_version], [model_version, day]]");
    return SparkProcesses.start(
        name,
        SparkProcesses.submit(sparkHome.resolve("jars") + "/*", spark, job),
        SparkProcesses.environment(sparkHome),
        dir);
  }

  static void assertSameAsLocal(String out) {
    JobResults.assertSameResults(
        local,
        JobResults.read(SharedSpark.get(), out, "parquet"),
        List.of(List.of(), List.of("model_version"), List.of("model_version", "day")),
        List.copyOf(JobResults.EXAMPLE_SQL.keySet()));
  }

  @Test
  @Order(1)
  void resultsOnTheClusterEqualTheLocalRunBitForBit() {
    String out = dir.resolve("cluster").toString();
    Process p = submit("cluster", out, SparkProcesses.freePort());
    int code = SparkProcesses.waitFor(p, JOB_TIMEOUT, "job on the cluster");
    String stdout = SparkProcesses.log(dir, "cluster.out");
    assertEquals(0, code, stdout + SparkProcesses.log(dir, "cluster.err"));
    assertTrue(
        stdout.contains(String.format(java.util.Locale.ROOT, "losseval: %,d rows", ROWS)), stdout);
    assertSameAsLocal(out);
  }

  @Test
  @Order(2)
  void aWorkerKilledWhileTasksRunChangesNoBit() {
    String out = dir.resolve("cluster-killed").toString();
    int ui = SparkProcesses.freePort();
    Process p = submit("killed", out, ui);
    JsonNode apps =
        SparkProcesses.await(
            "http://127.0.0.1:" + ui + "/api/v1/applications",
            json -> json.size() > 0,
            JOB_TIMEOUT,
            p,
            "the driver's application");
    String executors =
        "http://127.0.0.1:"
            + ui
            + "/api/v1/applications/"
            + apps.get(0).get("id").asText()
            + "/executors";
    // Both executors busy: the first tasks have started on each Worker.
    SparkProcesses.await(
        executors,
        json -> {
          int busy = 0;
          for (JsonNode e : json) {
            if (!e.get("id").asText().equals("driver") && e.get("activeTasks").asInt() > 0) {
              busy++;
            }
          }
          return busy == 2;
        },
        JOB_TIMEOUT,
        p,
        "tasks running on both executors");
    Process worker = workers.get(1);
    long executorsKilled = worker.descendants().count();
    SparkProcesses.kill(worker);
    assertTrue(executorsKilled >= 1, "the Worker had started an executor");
    assertTrue(p.isAlive(), "the job was still running when the Worker died");

    int code = SparkProcesses.waitFor(p, JOB_TIMEOUT, "job after losing a Worker");
    String stderr = SparkProcesses.log(dir, "killed.err");
    assertEquals(0, code, SparkProcesses.log(dir, "killed.out") + stderr);
    assertTrue(stderr.contains("Lost executor"), "the driver noticed the loss:\n" + stderr);
    assertSameAsLocal(out);
  }
}
