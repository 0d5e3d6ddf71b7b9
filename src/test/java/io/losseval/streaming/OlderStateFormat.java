package io.losseval.streaming;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.io.LZ4CompressionCodec;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Rewrites the state store of a checkpoint as an older version of this library would have left it:
 * every stored loss state in serial format 1, which had neither the layout fingerprint nor the
 * width (bytes 1 to 8 of format 2; {@code LossStateTest} documents format 2 field by field).
 *
 * <p>It reads and writes the delta files of Spark's default state store provider (HDFS-backed,
 * LZ4-compressed): per entry the key's size and bytes and the value's size and bytes, ending with a
 * size of -1. The query's value rows must hold one field, the loss's binary buffer.
 */
final class OlderStateFormat {
  private OlderStateFormat() {}

  /** Rewrites every delta file under {@code checkpoint/state}; returns the states rewritten. */
  static int rewriteCheckpoint(Path checkpoint) throws IOException {
    LZ4CompressionCodec codec = new LZ4CompressionCodec(new SparkConf());
    UnsafeProjection binaryRow = UnsafeProjection.create(new DataType[] {DataTypes.BinaryType});
    int rewritten = 0;
    List<Path> deltas;
    try (Stream<Path> all = Files.walk(checkpoint.resolve("state"))) {
      deltas = all.filter(p -> p.getFileName().toString().endsWith(".delta")).toList();
    }
    for (Path delta : deltas) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (InputStream raw = Files.newInputStream(delta);
          DataInputStream in = new DataInputStream(codec.compressedInputStream(raw));
          DataOutputStream out = new DataOutputStream(codec.compressedOutputStream(bytes))) {
        for (int keySize = in.readInt(); keySize != -1; keySize = in.readInt()) {
          byte[] key = in.readNBytes(keySize);
          int valueSize = in.readInt();
          out.writeInt(keySize);
          out.write(key);
          if (valueSize < 0) { // a removed key
            out.writeInt(valueSize);
            continue;
          }
          UnsafeRow value = new UnsafeRow(1);
          value.pointTo(in.readNBytes(valueSize), valueSize);
          byte[] v2 = value.getBinary(0);
          if (v2[0] != 2) {
            throw new IllegalStateException("not a format 2 loss state: " + v2[0]);
          }
          byte[] v1 = new byte[v2.length - 8];
          v1[0] = 1;
          System.arraycopy(v2, 9, v1, 1, v2.length - 9);
          UnsafeRow older = binaryRow.apply(new GenericInternalRow(new Object[] {v1}));
          out.writeInt(older.getSizeInBytes());
          out.write(older.getBytes());
          rewritten++;
        }
        out.writeInt(-1);
      }
      try (OutputStream file = Files.newOutputStream(delta)) {
        file.write(bytes.toByteArray());
      }
      // The local file system's checksum of the old bytes would fail the read.
      Files.deleteIfExists(delta.resolveSibling("." + delta.getFileName() + ".crc"));
    }
    return rewritten;
  }
}
