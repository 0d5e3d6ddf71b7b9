package io.losseval.spark.internal;

import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
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
 * The one conversion of Spark's number types to what a loss adds: a double (a float widened, a
 * whole number exactly up to 2^53, a decimal by {@code Decimal.toDouble}), read alike from a row,
 * an array ({@link SpecializedGetters}) or a column vector, so that the row path and the columnar
 * path add the same values; and a whole number as a long, for grouping keys.
 */
public enum NumberType {
  DOUBLE,
  FLOAT,
  INT,
  LONG,
  SHORT,
  BYTE,
  DECIMAL;

  /** The number type of {@code t}, or null when {@code t} is not a number type a loss reads. */
  public static NumberType of(DataType t) {
    if (t instanceof DoubleType) {
      return DOUBLE;
    }
    if (t instanceof FloatType) {
      return FLOAT;
    }
    if (t instanceof IntegerType) {
      return INT;
    }
    if (t instanceof LongType) {
      return LONG;
    }
    if (t instanceof ShortType) {
      return SHORT;
    }
    if (t instanceof ByteType) {
      return BYTE;
    }
    return t instanceof DecimalType ? DECIMAL : null;
  }

  /** Whether {@code t} is a number type a loss reads. */
  public static boolean isNumber(DataType t) {
    return of(t) != null;
  }

  /**
   * Java source converting {@code value}, a value of this type as Spark's generated code holds it
   * (a Java primitive, or a {@code Decimal} for a decimal), to the same double {@link Reader#get}
   * reads: a primitive widened by Java's cast, as the reader's return widens it; a decimal by
   * {@code Decimal.toDouble}.
   */
  public String javaToDouble(String value) {
    return this == DECIMAL ? "(" + value + ").toDouble()" : "((double) " + value + ")";
  }

  /** Whether values of this type are whole numbers that a long holds exactly. */
  public boolean whole() {
    return this == INT || this == LONG || this == SHORT || this == BYTE;
  }

  /**
   * A reader of values of {@code t} (a number type: {@link #of} is not null) as doubles; a
   * decimal's precision and scale are read once here.
   */
  public static Reader reader(DataType t) {
    NumberType type = of(t);
    if (type == null) {
      throw new IllegalArgumentException("not a number type: " + t.simpleString());
    }
    return new Reader(type, t instanceof DecimalType d ? d : null);
  }

  /** Reads the values of one number type as doubles; a switch per value, no type tests. */
  public static final class Reader implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final NumberType type;
    private final int precision;
    private final int scale;

    private Reader(NumberType type, DecimalType decimal) {
      this.type = type;
      this.precision = decimal == null ? 0 : decimal.precision();
      this.scale = decimal == null ? 0 : decimal.scale();
    }

    /** The type read. */
    public NumberType type() {
      return type;
    }

    /** Value {@code i} of a row or an array, as a double. */
    public double get(SpecializedGetters g, int i) {
      switch (type) {
        case DOUBLE:
          return g.getDouble(i);
        case FLOAT:
          return g.getFloat(i);
        case INT:
          return g.getInt(i);
        case LONG:
          return g.getLong(i);
        case SHORT:
          return g.getShort(i);
        case BYTE:
          return g.getByte(i);
        default:
          return g.getDecimal(i, precision, scale).toDouble();
      }
    }

    /** Value {@code i} of a column vector, as a double: the same conversion as for a row. */
    public double get(ColumnVector v, int i) {
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
}
