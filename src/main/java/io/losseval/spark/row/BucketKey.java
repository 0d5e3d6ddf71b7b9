package io.losseval.spark.row;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDataException;
import io.losseval.core.interval.BucketHash;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The bucketing key of an interval or a comparison ({@code named_struct('key', expression)}): reads
 * its value from Spark's internal row and hashes it as {@link BucketHash#keyHash} defines. Integer
 * keys (tinyint, smallint, int, bigint) hash by their 64-bit value, strings by their UTF-8 bytes. A
 * NULL key, on a row whose tensors are not NULL, fails the query: the row would be counted in the
 * value but belong to no cluster.
 */
final class BucketKey implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String function;
  private final int argument; // its index among the call's children, for the column in errors
  private final boolean string; // else an integer type
  private final Expression child;
  private final int ordinal; // >= 0 when the key is a column of the input row
  private final int slot; // otherwise its column in the row LossCall's projection computes
  private final int width; // an integer key's bytes (8, 4, 2 or 1)

  private BucketKey(String function, int argument, boolean string, Expression child, int slot) {
    this.function = function;
    this.argument = argument;
    this.string = string;
    this.child = child;
    this.ordinal = child instanceof BoundReference b ? b.ordinal() : -1;
    this.slot = slot;
    this.width = string ? 0 : width(child.dataType());
  }

  /**
   * The key {@code child} of a call of {@code function}, child number {@code argument}; fails when
   * it is a constant or of a type other than an integer or a string.
   */
  static BucketKey create(String function, int argument, Expression child) {
    DataType t = child.dataType();
    if (child.foldable()) {
      throw new LossArgumentException(
          function
              + ": the key must be an expression of the row "
              + "(a column such as a row id or a user id), got the constant "
              + child.sql()
              + "; write named_struct('key', column), the column itself, not its name in quotes");
    }
    boolean string = t instanceof StringType;
    if (!string
        && !(t instanceof LongType
            || t instanceof IntegerType
            || t instanceof ShortType
            || t instanceof ByteType)) {
      throw new LossArgumentException(
          function
              + ": the key "
              + child.sql()
              + " has type "
              + t.simpleString()
              + "; allowed: an integer (tinyint, smallint, int, bigint) or a "
              + "string; cast it, e.g. CAST("
              + child.sql()
              + " AS STRING)");
    }
    return new BucketKey(function, argument, string, child, -1);
  }

  /** The same key over a new child (bound or rewritten); {@code slot} as for an InputReader. */
  BucketKey withChild(Expression newChild, int slot) {
    return new BucketKey(function, argument, string, newChild, slot);
  }

  /** The key's hash in {@code row} (or, for a computed key, in {@code projected}). */
  long hash(InternalRow row, InternalRow projected) {
    InternalRow from = ordinal >= 0 ? row : projected;
    int i = ordinal >= 0 ? ordinal : slot;
    if (from.isNullAt(i)) {
      // The aggregate appends the key's column, as for a tensor argument.
      throw new LossDataException(
          argument,
          function
              + ": the bucketing key is NULL in a row "
              + "whose tensor arguments are not; every row needs a key (filter such rows out, or "
              + "COALESCE the key)");
    }
    if (string) {
      return hash(from.getUTF8String(i));
    }
    long v =
        switch (width) {
          case 8 -> from.getLong(i);
          case 4 -> from.getInt(i);
          case 2 -> from.getShort(i);
          default -> from.getByte(i);
        };
    return BucketHash.keyHash(v);
  }

  /**
   * A string key's hash, read in place from the byte array behind it (a row's or a column vector's)
   * rather than copied out per row; copied only when it lives off the heap.
   */
  private static long hash(UTF8String s) {
    if (s.getBaseObject() instanceof byte[] bytes) {
      int offset = (int) (s.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
      return BucketHash.keyHash(bytes, offset, s.numBytes());
    }
    byte[] bytes = s.getBytes();
    return BucketHash.keyHash(bytes, 0, bytes.length);
  }

  /** The bytes of an integer key's type, read once rather than per row. */
  private static int width(DataType t) {
    return t instanceof LongType
        ? 8
        : t instanceof IntegerType ? 4 : t instanceof ShortType ? 2 : 1;
  }
}
