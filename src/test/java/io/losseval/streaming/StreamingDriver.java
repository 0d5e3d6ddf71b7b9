package io.losseval.streaming;

import org.apache.spark.sql.SparkSession;

/**
 * A driver JVM for {@link StreamingRestartTest}: the windowed query of every loss over a folder of
 * Parquet files, one file per micro-batch, watermark one hour, append mode into a Parquet sink,
 * until it is killed. Arguments: input folder, checkpoint location, sink folder.
 */
public final class StreamingDriver {
  private StreamingDriver() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("streaming-driver")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    EveryLossTable table = new EveryLossTable();
    spark
        .readStream()
        .schema(table.schema())
        .option("maxFilesPerTrigger", 1)
        .parquet(args[0])
        .withWatermark("ts", "1 hour")
        .createOrReplaceTempView("every_loss_stream");
    spark
        .sql(StreamingWindowTest.query("every_loss_stream"))
        .writeStream()
        .format("parquet")
        .outputMode("append")
        .option("checkpointLocation", args[1])
        .option("path", args[2])
        .start()
        .awaitTermination();
  }
}
