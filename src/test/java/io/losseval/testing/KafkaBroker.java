package io.losseval.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka broker for the tests: one node that is both broker and controller (KRaft mode, no
 * ZooKeeper), listening on 127.0.0.1 at free ports, in its own JVM with the Kafka jars from Maven
 * Central. The pom resolves the broker's class path (src/build/kafka-classpath.xml) into the file
 * named by the system property {@code losseval.kafkaClasspathFile} before the integration tests, so
 * the broker's Kafka release never shares a class path with the Kafka client of the Spark line
 * under test. The broker is started like the Spark processes of {@link SparkProcesses} (killed when
 * the test JVM ends at the latest); its output goes to {@link #logFile()}, and a failure to start
 * shows the end of it.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start(tempDir)) {
 *   kafka.createTopic("predictions", 3);
 *   kafka.produce("predictions", List.of(new KafkaBroker.Message("k1", "{...}")));
 *   spark.readStream().format("kafka")
 *       .option("kafka.bootstrap.servers", kafka.bootstrapServers()) ...
 *   List<KafkaBroker.Stored> out = kafka.read("results");
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {
  /** How long the broker may take to answer; it takes about 4 s on a quiet 2-core machine. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

  /** Port clashes (another process took a port between {@code freePort} and the bind). */
  private static final int START_ATTEMPTS = 3;

  private static final int LOG_TAIL_LINES = 60;

  private final Path dir;
  private final Process process;
  private final String bootstrapServers;
  private final Admin admin;
  private KafkaProducer<String, String> producer;

  /** One record to produce: its key (null: none, Kafka spreads such records) and its value. */
  public record Message(String key, String value) {}

  /** One record read back: where it is in the topic, its key (or null) and its value. */
  public record Stored(int partition, long offset, String key, String value) {}

  private KafkaBroker(Path dir, Process process, String bootstrapServers, Admin admin) {
    this.dir = dir;
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.admin = admin;
  }

  /**
   * Formats a fresh log directory under {@code dir} (what {@code kafka-storage.sh format} does),
   * starts the broker and returns once its admin API answers with the broker in the cluster. The
   * broker's configuration, data and log ({@code broker.out}) stay in {@code dir}.
   */
  public static KafkaBroker start(Path dir) {
    try {
      Files.createDirectories(dir);
      Path log4j = dir.resolve("log4j2.properties");
      Files.writeString(log4j, LOG4J_CONFIG);
      String classpath = classpath();
      Path data = dir.resolve("data");
      for (int attempt = 1; ; attempt++) {
        int port = SparkProcesses.freePort();
        int controllerPort = SparkProcesses.freePort();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(port, controllerPort, data));
        if (attempt == 1) {
          format(classpath, log4j, config, dir);
        }
        Process broker =
            SparkProcesses.start(
                "broker", java(classpath, log4j, "kafka.Kafka", config.toString()), Map.of(), dir);
        String servers = "127.0.0.1:" + port;
        Admin admin = awaitReady(port, broker, dir);
        if (admin != null) {
          return new KafkaBroker(dir, broker, servers, admin);
        }
        if (attempt == START_ATTEMPTS) {
          fail(
              "the Kafka broker in "
                  + dir
                  + " ended before it answered, "
                  + START_ATTEMPTS
                  + " times\n"
                  + brokerLog(dir));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port} of the broker, for the {@code bootstrap.servers} of a client or Spark. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The broker's output (its Log4j log at INFO). */
  public Path logFile() {
    return dir.resolve("broker.out");
  }

  /** Creates {@code topic} with {@code partitions} partitions (replication factor 1). */
  public void createTopic(String topic, int partitions) {
    await(
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all(),
        "creating topic " + topic);
  }

  /**
   * Sends the messages to {@code topic} in order, and returns once the broker has acknowledged
   * every one of them (acks=all): a reader started afterwards sees them all.
   */
  public void produce(String topic, List<Message> messages) {
    if (producer == null) {
      Properties p = clientProperties();
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      producer = new KafkaProducer<>(p);
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Message m : messages) {
      sent.add(producer.send(new ProducerRecord<>(topic, m.key(), m.value())));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      await(f, "producing to " + topic);
    }
  }

  /**
   * Every record {@code topic} holds now, by partition and then offset (so in the order produced
   * within a partition).
   */
  public List<Stored> read(String topic) {
    Properties p = clientProperties();
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, CLIENT_TIMEOUT)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      if (partitions.isEmpty()) {
        fail("there is no topic " + topic + " on the Kafka broker at " + bootstrapServers);
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      List<Stored> out = new ArrayList<>();
      long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          fail("reading topic " + topic + " did not reach its end offsets " + end);
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(new Stored(r.partition(), r.offset(), r.key(), r.value()));
        }
      }
      out.sort(Comparator.comparingInt(Stored::partition).thenComparingLong(Stored::offset));
      return out;
    }
  }

  /** Stops the clients and kills the broker; its directory stays (the caller's to delete). */
  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    admin.close(Duration.ofSeconds(5));
    SparkProcesses.kill(process);
  }

  private Properties clientProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /** The broker's class path, resolved by the pom before the integration tests. */
  private static String classpath() throws IOException {
    String file = System.getProperty("losseval.kafkaClasspathFile");
    if (file == null || !Files.isRegularFile(Path.of(file))) {
      fail(
          "the Kafka broker's class path file ("
              + (file == null ? "system property losseval.kafkaClasspathFile" : file)
              + ") is missing: run the Kafka tests as integration tests (mvn verify), which"
              + " resolve it from src/build/kafka-classpath.xml");
    }
    return Files.readString(Path.of(file)).trim();
  }

  /** Writes the cluster id and the controller's bootstrap metadata into the data directory. */
  private static void format(String classpath, Path log4j, Path config, Path dir) {
    byte[] id = new byte[16];
    UUID uuid = UUID.randomUUID();
    for (int i = 0; i < 8; i++) {
      id[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
      id[8 + i] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
    }
    // Kafka's cluster ids are 16 random bytes in URL-safe Base64 without padding.
    String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    Process p =
        SparkProcesses.start(
            "format",
            java(
                classpath,
                log4j,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                clusterId,
                "-c",
                config.toString()),
            Map.of(),
            dir);
    int exit = SparkProcesses.waitFor(p, START_TIMEOUT, "formatting Kafka's log directory");
    if (exit != 0) {
      fail(
          "formatting Kafka's log directory in "
              + dir
              + " failed (exit "
              + exit
              + ")\n"
              + tail(dir.resolve("format.out"))
              + tail(dir.resolve("format.err")));
    }
  }

  /**
   * An admin client once the broker lists itself in the cluster; null if the broker process ended
   * first (a port was taken). Fails after {@link #START_TIMEOUT}.
   */
  private static Admin awaitReady(int port, Process broker, Path dir) {
    String servers = "127.0.0.1:" + port;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    // First the port, so that the admin client does not log a warning per refused connection.
    while (!listening(port)) {
      if (!broker.isAlive()) {
        return null;
      }
      if (System.nanoTime() > deadline) {
        SparkProcesses.kill(broker);
        fail(
            "the Kafka broker did not listen on "
                + servers
                + " within "
                + START_TIMEOUT
                + "\n"
                + brokerLog(dir));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    Admin admin = Admin.create(p);
    while (System.nanoTime() < deadline) {
      if (!broker.isAlive()) {
        admin.close(Duration.ZERO);
        return null;
      }
      try {
        if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
          return admin;
        }
      } catch (ExecutionException | TimeoutException e) {
        // Not listening yet, or the broker has not registered with its controller yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    admin.close(Duration.ZERO);
    SparkProcesses.kill(broker);
    return fail(
        "the Kafka broker at "
            + servers
            + " did not answer within "
            + START_TIMEOUT
            + "\n"
            + brokerLog(dir));
  }

  private <T> T await(Future<T> future, String what) {
    try {
      return future.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return fail(what + " failed: " + e + "\n" + brokerLog(dir), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> java(String classpath, Path log4j, String main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A small heap and a fast start: the broker holds a few thousand records at most.
    cmd.addAll(
        List.of(
            "-Xmx512m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dlog4j2.configurationFile=" + log4j.toUri(),
            "-cp",
            classpath,
            main));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static String serverProperties(int port, int controllerPort, Path data) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("process.roles", "broker,controller");
    c.put("node.id", "1");
    c.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    c.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    c.put("controller.listener.names", "CONTROLLER");
    c.put("inter.broker.listener.name", "PLAINTEXT");
    c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    c.put("log.dirs", data.toString());
    // One node: every internal topic with one replica, and no wait for more group members.
    c.put("offsets.topic.replication.factor", "1");
    c.put("offsets.topic.num.partitions", "1");
    c.put("transaction.state.log.replication.factor", "1");
    c.put("transaction.state.log.min.isr", "1");
    c.put("share.coordinator.state.topic.replication.factor", "1");
    c.put("share.coordinator.state.topic.min.isr", "1");
    c.put("group.initial.rebalance.delay.ms", "0");
    // A test names its topics and their partition counts; a typo must not create one.
    c.put("auto.create.topics.enable", "false");
    return c.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The end of the broker's output and of its error stream, for a failure message. */
  private static String brokerLog(Path dir) {
    return tail(dir.resolve("broker.out")) + tail(dir.resolve("broker.err"));
  }

  /** The last lines of a log file, for a failure message. */
  private static String tail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "(no " + file + ")\n";
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "--- "
          + file
          + ", last lines:\n"
          + String.join(
              "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()))
          + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String LOG4J_CONFIG =
      String.join(
          "\n",
          "rootLogger.level=INFO",
          "rootLogger.appenderRef.out.ref=out",
          "appender.out.type=Console",
          "appender.out.name=out",
          "appender.out.layout.type=PatternLayout",
          "appender.out.layout.pattern=%d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
          "");
}
