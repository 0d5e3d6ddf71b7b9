package io.losseval.spark;

import java.io.Serializable;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * Numbers of a column vector (a number column, or an array column's values) read as doubles,
 * converted as {@link InputReader} converts a row's number (a float widened, a decimal by {@code
 * Decimal.toDouble}), so both paths add the same values.
 */
final class NumberColumn implements Serializable {
  private static final long serialVersionUID = 1L;

  private enum Type {
    DOUBLE,
    FLOAT,
    INT,
    LONG,
    SHORT,
    BYTE,
    DECIMAL
  }

  private final Type type;
  private final int precision;
  private final int scale;

  NumberColumn(DataType type) {
    this.type = typeOf(type);
    if (this.type == null) {
      throw new IllegalArgumentException("not a number type: " + type.simpleString());
    }
    precision = type instanceof DecimalType d ? d.precision() : 0;
    scale = type instanceof DecimalType d ? d.scale() : 0;
  }

  /** Whether a column of {@code type} holds numbers a loss reads. */
  static boolean supports(DataType type) {
    return typeOf(type) != null;
  }

  private static Type typeOf(DataType t) {
    return t instanceof DoubleType
        ? Type.DOUBLE
        : t instanceof FloatType
            ? Type.FLOAT
            : t instanceof IntegerType
                ? Type.INT
                : t instanceof LongType
                    ? Type.LONG
                    : t instanceof ShortType
                        ? Type.SHORT
                        : t instanceof ByteType
                            ? Type.BYTE
                            : t instanceof DecimalType ? Type.DECIMAL : null;
  }

  /** {@code out[j] =} the value at {@code rows[from + j]} of {@code v}, for {@code j < n}. */
  void read(ColumnVector v, int[] rows, int from, int n, double[] out) {
    if (type == Type.DOUBLE) {
      for (int j = 0; j < n; j++) {
        out[j] = v.getDouble(rows[from + j]);
      }
      return;
    }
    for (int j = 0; j < n; j++) {
      out[j] = value(v, rows[from + j]);
    }
  }

  /** {@code out[at + j] =} the value at {@code from + j} of {@code v}, for {@code j < n}. */
  void readRange(ColumnVector v, int from, int n, double[] out, int at) {
    if (type == Type.DOUBLE) {
      for (int j = 0; j < n; j++) {
        out[at + j] = v.getDouble(from + j);
      }
      return;
    }
    for (int j = 0; j < n; j++) {
      out[at + j] = value(v, from + j);
    }
  }

  private double value(ColumnVector v, int i) {
    switch (type) {
      case DOUBLE:
        return v.getDouble(i);
      case FLOAT:
        return v.getFloat(i);
      case INT:
        return v.getInt(i);
      case LONG:
        return v.getLong(i);
      case SHORT:
        return v.getShort(i);
      case BYTE:
        return v.getByte(i);
      default:
        return v.getDecimal(i, precision, scale).toDouble();
    }
  }
}
