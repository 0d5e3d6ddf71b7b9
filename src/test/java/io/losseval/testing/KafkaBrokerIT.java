package io.losseval.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KafkaBroker} itself: it starts, takes a topic with partitions, and gives back what was
 * produced, each key's records in their order, and nothing more.
 */
class KafkaBrokerIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the broker's log stays for a failed run
  Path dir;

  @Test
  void whatIsProducedIsReadBack() throws IOException {
    long t0 = System.nanoTime();
    try (KafkaBroker kafka = KafkaBroker.start(dir)) {
      System.out.printf(
          "KafkaBrokerIT: broker answered after %.1f s at %s%n",
          (System.nanoTime() - t0) / 1e9, kafka.bootstrapServers());
      assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());
      kafka.createTopic("t", 3);
      List<KafkaBroker.Message> sent = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        sent.add(new KafkaBroker.Message("k" + i % 7, "v" + i));
      }
      kafka.produce("t", sent.subList(0, 120));
      kafka.produce("t", sent.subList(120, 200));
      kafka.produce("t", List.of(new KafkaBroker.Message(null, "no key")));

      List<KafkaBroker.Stored> read = kafka.read("t");
      assertEquals(201, read.size());
      // A key's records all land in one partition, in the order sent.
      Map<String, List<String>> byKey =
          read.stream()
              .filter(r -> r.key() != null)
              .sorted(Comparator.comparingLong(KafkaBroker.Stored::offset))
              .collect(
                  Collectors.groupingBy(
                      KafkaBroker.Stored::key,
                      Collectors.mapping(KafkaBroker.Stored::value, Collectors.toList())));
      Map<String, List<String>> expected =
          sent.stream()
              .collect(
                  Collectors.groupingBy(
                      KafkaBroker.Message::key,
                      Collectors.mapping(KafkaBroker.Message::value, Collectors.toList())));
      assertEquals(expected, byKey);
      for (String key : expected.keySet()) {
        assertEquals(
            1,
            read.stream()
                .filter(r -> key.equals(r.key()))
                .map(KafkaBroker.Stored::partition)
                .distinct()
                .count(),
            key);
      }
      assertEquals(
          1, read.stream().filter(r -> r.key() == null && r.value().equals("no key")).count());
      assertEquals(
          3, read.stream().map(KafkaBroker.Stored::partition).distinct().count(), "partitions");
      // Topics exist only once created (the broker creates none on first use).
      assertThrows(
          AssertionError.class,
          () -> kafka.read("missing").size(),
          "reading a topic that does not exist");
      assertTrue(Files.size(kafka.logFile()) > 0, "the broker logs to " + kafka.logFile());
    }
  }
}
