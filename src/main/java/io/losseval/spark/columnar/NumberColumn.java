package io.losseval.spark.columnar;

import io.losseval.spark.internal.NumberType;
import java.io.Serializable;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * Numbers of a column vector (a number column, or an array column's values) read as doubles,
 * converted by {@link NumberType} as the row path converts a row's number, so both paths add the
 * same values.
 */
final class NumberColumn implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NumberType.Reader reader;
  private final boolean doubles; // no conversion: the loop reads doubles directly

  NumberColumn(DataType type) {
    reader = NumberType.reader(type);
    doubles = reader.type() == NumberType.DOUBLE;
  }

  /** Per argument type, a reader of its numbers (an array's elements for an array type). */
  static NumberColumn[] of(DataType[] types) {
    NumberColumn[] out = new NumberColumn[types.length];
    for (int a = 0; a < types.length; a++) {
      DataType t = types[a];
      out[a] = new NumberColumn(t instanceof ArrayType at ? at.elementType() : t);
    }
    return out;
  }

  /** {@code out[j] =} the value at {@code rows[from + j]} of {@code v}, for {@code j < n}. */
  void read(ColumnVector v, int[] rows, int from, int n, double[] out) {
    if (doubles) {
      for (int j = 0; j < n; j++) {
        out[j] = v.getDouble(rows[from + j]);
      }
      return;
    }
    for (int j = 0; j < n; j++) {
      out[j] = reader.get(v, rows[from + j]);
    }
  }

  /** {@code out[at + j] =} the value at {@code from + j} of {@code v}, for {@code j < n}. */
  void readRange(ColumnVector v, int from, int n, double[] out, int at) {
    if (doubles) {
      for (int j = 0; j < n; j++) {
        out[at + j] = v.getDouble(from + j);
      }
      return;
    }
    for (int j = 0; j < n; j++) {
      out[at + j] = reader.get(v, from + j);
    }
  }
}
