package io.losseval.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The client side of {@link ConnectIT}, run in its own JVM with only the Spark Connect JVM client
 * on its class path (the client and Spark's own jars cannot share one): runs {@link ConnectQueries}
 * on the server at {@code URL} and writes the result lines to {@code OUT}.
 *
 * <pre>java -cp CLIENT_CLASSPATH:TEST_CLASSES io.losseval.connect.ConnectClient URL OUT</pre>
 *
 * <p>{@code SparkSession.builder().remote} is Spark 4 API: the Spark 3.5 profiles leave this
 * package out of the test build (see {@code connect.test.exclude} in pom.xml).
 */
public final class ConnectClient {
  private ConnectClient() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ConnectClient sc://HOST:PORT OUTPUT_FILE");
    }
    SparkSession spark = SparkSession.builder().remote(args[0]).getOrCreate();
    try {
      Files.write(Path.of(args[1]), ConnectQueries.run(spark));
    } finally {
      spark.close();
    }
  }
}
