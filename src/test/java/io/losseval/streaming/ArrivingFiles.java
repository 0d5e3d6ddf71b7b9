package io.losseval.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A folder that Parquet files arrive in, one at a time, as a file stream source reads them: each
 * file is written elsewhere and moved in whole, with a modification time one second after the
 * previous file's, so that a source reading one file per trigger takes them in arrival order.
 */
final class ArrivingFiles {
  private final Path folder;
  private final Path staging;
  private int count;

  ArrivingFiles(Path root) throws IOException {
    folder = Files.createDirectories(root.resolve("incoming"));
    staging = Files.createDirectories(root.resolve("staging"));
  }

  Path folder() {
    return folder;
  }

  /** Writes {@code rows} as one Parquet file and moves it into the folder. */
  void arrive(Dataset<Row> rows) {
    int n = count++;
    Path out = staging.resolve("file-" + n);
    rows.coalesce(1).write().parquet(out.toString());
    try (Stream<Path> parts = Files.list(out)) {
      List<Path> data = parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
      if (data.size() != 1) {
        throw new IllegalStateException("expected one Parquet file in " + out + ", got " + data);
      }
      Path target = folder.resolve(String.format("part-%04d.parquet", n));
      Files.setLastModifiedTime(data.get(0), FileTime.fromMillis(1_700_000_000_000L + n * 1000L));
      Files.move(data.get(0), target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
