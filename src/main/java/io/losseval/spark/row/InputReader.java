package io.losseval.spark.row;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDataException;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.spark.internal.NumberType;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * Input reading, in one place: reads one tensor argument of a row straight from Spark's internal
 * row into a {@link Sample} slot, with no object per row. Accepts numbers (double, float, int,
 * long, short, byte, decimal), arrays of numbers, arrays of arrays of numbers, and Spark ML (or
 * legacy MLlib) {@code Vector}s, dense or sparse; numbers converted by {@link NumberType}.
 */
final class InputReader implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What kind of Spark value an argument holds. */
  private enum Kind {
    NUMBER,
    ARRAY,
    MATRIX,
    VECTOR
  }

  private final int argument;
  private final String description; // "function: argument name (sql)", to start messages
  private final Kind kind;
  private final DataType elementType; // scalar type, or the innermost element type
  private final Expression child;
  private final int ordinal; // >= 0 when the child reads a column of the input row directly
  private final int slot; // otherwise: its column in the row LossCall's projection computes
  private final NumberType.Reader numbers; // reads elementType as doubles; null for a vector
  private final boolean elementsNullable; // an array type that admits NULL elements

  private InputReader(
      int argument,
      String description,
      Kind kind,
      DataType elementType,
      Expression child,
      int slot) {
    this.argument = argument;
    this.description = description;
    this.kind = kind;
    this.elementType = elementType;
    this.child = child;
    this.ordinal = child instanceof BoundReference b ? b.ordinal() : -1;
    this.slot = slot;
    this.numbers = kind == Kind.VECTOR ? null : NumberType.reader(elementType); // vectors: doubles
    this.elementsNullable = child.dataType() instanceof ArrayType a && a.containsNull();
  }

  /** The tensor shape a value of {@code type} has; fails for types a loss cannot read. */
  static Shape shapeOf(String function, String argumentName, String sql, DataType type) {
    return kindToShape(kindOf(function, argumentName, sql, type));
  }

  /** A reader for argument {@code argument}, evaluating {@code child} on each row. */
  static InputReader create(
      String function, String argumentName, int argument, String sql, Expression child) {
    DataType type = child.dataType();
    Kind kind = kindOf(function, argumentName, sql, type);
    DataType element = type;
    while (element instanceof ArrayType a) {
      element = a.elementType();
    }
    return new InputReader(
        argument,
        function + ": argument " + argumentName + " (" + sql + ")",
        kind,
        element,
        child,
        -1);
  }

  /**
   * Same reader over a new child expression (after Spark binds or rewrites the children); when the
   * child is not a plain column, the reader reads column {@code slot} of the projected row.
   */
  InputReader withChild(Expression newChild, int slot) {
    return new InputReader(argument, description, kind, elementType, newChild, slot);
  }

  /** The tensor shape this reader's values have (a vector's values are an array). */
  Shape shape() {
    return kindToShape(kind);
  }

  /** Whether the child reads a column of the input row as it is (else it must be computed). */
  static boolean isColumn(Expression child) {
    return child instanceof BoundReference;
  }

  private static Kind kindOf(String function, String argumentName, String sql, DataType type) {
    if (isNumber(type)) {
      return Kind.NUMBER;
    }
    if (type instanceof ArrayType a) {
      if (isNumber(a.elementType())) {
        return Kind.ARRAY;
      }
      if (a.elementType() instanceof ArrayType inner && isNumber(inner.elementType())) {
        return Kind.MATRIX;
      }
    }
    if (isVector(type)) {
      return Kind.VECTOR;
    }
    throw new LossArgumentException(
        function
            + ": argument "
            + argumentName
            + " ("
            + sql
            + ") has type "
            + type.simpleString()
            + "; allowed: a number (double, float, int, long, "
            + "decimal), an array of numbers, an array of arrays of numbers, or an ML Vector");
  }

  private static Shape kindToShape(Kind kind) {
    switch (kind) {
      case NUMBER:
        return Shape.SCALAR;
      case MATRIX:
        return Shape.MATRIX;
      default:
        return Shape.ARRAY;
    }
  }

  private static boolean isNumber(DataType t) {
    return NumberType.isNumber(t);
  }

  /** Spark ML's and legacy MLlib's VectorUDT share this storage struct. */
  private static boolean isVector(DataType t) {
    if (!(t instanceof UserDefinedType<?> udt) || !(udt.sqlType() instanceof StructType s)) {
      return false;
    }
    String[] names = s.fieldNames();
    return names.length == 4
        && names[0].equals("type")
        && names[1].equals("size")
        && names[2].equals("indices")
        && names[3].equals("values");
  }

  /**
   * Prepares a new sample for this reader: a number argument is pointed once at its one-value
   * storage, so that reading a row only stores the value.
   */
  void bind(Sample sample) {
    if (kind == Kind.NUMBER) {
      sample.set(argument, sample.storage(argument, 1), 0, 1, 1);
    }
  }

  /**
   * Reads this argument into {@code sample} (prepared by {@link #bind}) from {@code row}, or for a
   * computed argument from {@code projected} (LossCall's projection of the row); returns false when
   * the value is NULL, so that the row is skipped.
   */
  boolean read(InternalRow row, InternalRow projected, Sample sample) {
    if (kind == Kind.NUMBER) {
      return readNumber(row, projected, sample.values(argument), 0);
    }
    InternalRow from = ordinal >= 0 ? row : projected;
    int at = ordinal >= 0 ? ordinal : slot;
    if (from.isNullAt(at)) {
      return false;
    }
    Object v = kind == Kind.VECTOR ? from.getStruct(at, 4) : from.getArray(at);
    switch (kind) {
      case ARRAY:
        readArray((ArrayData) v, sample);
        break;
      case MATRIX:
        readMatrix((ArrayData) v, sample);
        break;
      default:
        readVector((InternalRow) v, sample);
        break;
    }
    return true;
  }

  /**
   * Reads this number argument, as {@link #read} does, into {@code into[index]}; false when it is
   * NULL. Number arguments only.
   */
  boolean readNumber(InternalRow row, InternalRow projected, double[] into, int index) {
    InternalRow from = ordinal >= 0 ? row : projected;
    int at = ordinal >= 0 ? ordinal : slot;
    if (from.isNullAt(at)) {
      return false;
    }
    into[index] = numbers.get(from, at);
    return true;
  }

  private double readElement(ArrayData a, int i) {
    if (a.isNullAt(i)) {
      throw new LossDataException(
          argument,
          description + " holds a NULL element at position " + i + "; arrays must be complete");
    }
    return numbers.get(a, i);
  }

  private void readArray(ArrayData a, Sample sample) {
    int n = a.numElements();
    double[] b = sample.storage(argument, n);
    sample.set(argument, b, 0, n, 1);
    // Doubles of Spark's own array format in one copy when no element is NULL, else value by
    // value; a NULL element fails, naming its position.
    if (numbers.type() == NumberType.DOUBLE) {
      if (a instanceof UnsafeArrayData u && (!elementsNullable || !UnsafeDoubles.hasNull(u))) {
        UnsafeDoubles.copy(u, b); // the values as they lie: the bits getDouble reads
        return;
      }
      if (!elementsNullable) {
        for (int i = 0; i < n; i++) {
          b[i] = a.getDouble(i); // the type rules NULL elements out: no per-element test
        }
        return;
      }
    }
    for (int i = 0; i < n; i++) {
      b[i] = readElement(a, i);
    }
  }

  private void readMatrix(ArrayData outer, Sample sample) {
    int lines = outer.numElements();
    int width = -1;
    double[] b = sample.storage(argument, 16);
    int n = 0;
    for (int t = 0; t < lines; t++) {
      if (outer.isNullAt(t)) {
        throw new LossDataException(
            argument,
            description + " holds a NULL line at position " + t + "; arrays must be complete");
      }
      ArrayData line = outer.getArray(t);
      int w = line.numElements();
      if (width >= 0 && w != width) {
        throw new LossDataException(
            argument,
            description
                + " has lines of "
                + width
                + " and "
                + w
                + " values; every line must have the same length");
      }
      width = w;
      b = sample.storage(argument, n + w);
      for (int c = 0; c < w; c++) {
        b[n + c] = readElement(line, c);
      }
      n += w;
    }
    sample.set(argument, b, 0, n, lines == 0 ? Sample.UNKNOWN_WIDTH : width);
  }

  private LossDataException corruptVector(String what) {
    return new LossDataException(
        argument,
        description
            + " holds a corrupt sparse "
            + "vector: "
            + what
            + "; a sparse vector needs increasing indices in [0, size), one "
            + "value per index");
  }

  private void readVector(InternalRow v, Sample sample) {
    byte type = v.getByte(0);
    if ((type != 0 && type != 1) || v.isNullAt(3) || (type == 0 && v.isNullAt(2))) {
      String what =
          type != 0 && type != 1 ? "type " + type : v.isNullAt(3) ? "no values" : "no indices";
      throw new LossDataException(
          argument,
          description
              + " holds a corrupt "
              + "vector ("
              + what
              + "); an ML vector is dense (type 1) with values, or sparse "
              + "(type 0) with size, indices and values");
    }
    ArrayData values = v.getArray(3);
    if (type == 1) { // dense
      int n = values.numElements();
      double[] b = sample.storage(argument, n);
      if (values instanceof UnsafeArrayData u) {
        UnsafeDoubles.copy(u, b); // the bits getDouble reads, in one copy
      } else {
        for (int i = 0; i < n; i++) {
          b[i] = values.getDouble(i);
        }
      }
      sample.set(argument, b, 0, n, 1);
      return;
    }
    int size = v.getInt(1);
    ArrayData indices = v.getArray(2);
    int nnz = indices.numElements();
    if (size < 0 || nnz != values.numElements() || nnz > size) {
      throw corruptVector(
          "it has size " + size + ", " + nnz + " indices and " + values.numElements() + " values");
    }
    double[] b = sample.storage(argument, size);
    java.util.Arrays.fill(b, 0, size, 0.0);
    int previous = -1;
    for (int k = 0; k < nnz; k++) {
      int index = indices.getInt(k);
      if (index <= previous || index >= size) {
        throw corruptVector(
            "index "
                + index
                + " at position "
                + k
                + " is "
                + (index >= size
                    ? "outside [0, " + size + ")"
                    : "not above the previous index " + previous));
      }
      b[index] = values.getDouble(k);
      previous = index;
    }
    sample.set(argument, b, 0, size, 1);
  }
}
