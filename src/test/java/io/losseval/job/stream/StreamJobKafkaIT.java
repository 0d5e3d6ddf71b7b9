package io.losseval.job.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.job.JobRun;
import io.losseval.testing.DocSnippets;
import io.losseval.testing.KafkaBroker;
import io.losseval.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job between two topics of a real Kafka broker: rows produced as JSON to a topic of
 * two partitions, in two runs with {@code --available-now} (the second carrying on from the
 * checkpoint's offsets), results written to another topic as JSON; every value equals the folder
 * source's and sink's, bit for bit, and each window and slice is written once.
 */
class StreamJobKafkaIT {
  @TempDir Path dir;

  @Test
  void kafkaSourceAndSinkGiveTheFolderRunsRows() throws Exception {
    SparkSession spark = SharedSpark.get();
    try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
      kafka.createTopic("predictions", 2);
      kafka.createTopic("losses", 1);
      // docs/streaming-job.md's Kafka stream section, with this broker, and the example's
      // slices, evaluations and thresholds.
      String example = DocSnippets.page("conf/stream-example.conf");
      String config =
          DocSnippets.block("docs/streaming-job.md", "stream-job-kafka")
                  .replace("broker1:9092,broker2:9092", kafka.bootstrapServers())
              + example.substring(example.indexOf("\nslices ="));
      Path run = Files.createDirectories(dir.resolve("kafka-run"));
      produce(kafka, spark, StreamRows.rows(0, 120, false));
      Files.writeString(run.resolve("kafka.conf"), config);
      List<String> args =
          List.of(
              run.resolve("kafka.conf").toString(),
              "stream.checkpoint=" + run.resolve("checkpoint"),
              "--available-now");
      JobRun first = StreamJobTest.run(args, true);
      assertEquals(0, first.code(), first.toString());
      produce(kafka, spark, StreamRows.file(2));
      produce(kafka, spark, StreamRows.rows(480, 482, false));
      JobRun second = StreamJobTest.run(args, true);
      assertEquals(0, second.code(), second.toString());

      // The same rows through the folder source and sink.
      Path once = Files.createDirectories(dir.resolve("folder-run"));
      for (int k = 0; k < 3; k++) {
        StreamRows.arrive(spark, once.resolve("incoming"), k, StreamRows.file(k));
      }
      StreamJobTest.pushWatermark(once, 3);
      JobRun folder = StreamJobTest.run(StreamJobTest.args(once, "--available-now"), true);
      assertEquals(0, folder.code(), folder.toString());
      Map<List<Object>, Row> expected = StreamJobTest.sink(once.resolve("results"));
      assertEquals(15, expected.size());

      StructType schema =
          spark.read().parquet(once.resolve("results").toString()).drop("batch_id").schema();
      List<String> values = new ArrayList<>();
      kafka.read("losses").forEach(r -> values.add(r.value()));
      assertEquals(15, values.size(), "records in the sink topic: " + values);
      Path fromKafka = dir.resolve("from-kafka");
      spark
          .read()
          .schema(schema)
          .json(spark.createDataset(values, Encoders.STRING()))
          .write()
          .parquet(fromKafka.toString());
      StreamJobTest.assertSameRows(expected, StreamJobTest.sink(fromKafka));
    }
  }

  /** Produces the rows as JSON values, keyed by model version. */
  private static void produce(KafkaBroker kafka, SparkSession spark, List<Row> rows) {
    List<KafkaBroker.Message> messages = new ArrayList<>();
    for (String json :
        spark
            .createDataFrame(rows, StructType.fromDDL(StreamRows.SCHEMA))
            .toJSON()
            .collectAsList()) {
      messages.add(new KafkaBroker.Message(json.contains("\"v1\"") ? "v1" : "v2", json));
    }
    kafka.produce("predictions", messages);
  }
}
