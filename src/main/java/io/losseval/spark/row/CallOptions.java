package io.losseval.spark.row;

import io.losseval.core.LossArgumentException;
import io.losseval.spark.internal.ScalaSeqs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.CreateNamedStruct;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The constant arguments of a loss call, read once when the query is analysed: the reduction, the
 * options of a {@code named_struct(...)} or {@code map(...)} as the plain Java values the core's
 * option parser takes, and the bucketing key's expression in a {@code named_struct(..., 'key',
 * column)}. A non-constant, NULL or repeated option fails with the function's name.
 */
final class CallOptions {
  private CallOptions() {}

  /** The field names of a {@code named_struct(...)}, which are constants. */
  static List<String> fieldNames(String name, CreateNamedStruct struct) {
    List<String> names = new ArrayList<>();
    List<Expression> parts = ScalaSeqs.toList(struct.children());
    for (int i = 0; i + 1 < parts.size(); i += 2) {
      names.add(constant(name, "an option name", parts.get(i)).toString());
    }
    return names;
  }

  /**
   * Reads a {@code named_struct} that holds the key: every other field into {@code options} (each a
   * constant), and returns the key's expression.
   */
  static Expression keyField(String name, CreateNamedStruct struct, Map<String, Object> options) {
    List<Expression> parts = ScalaSeqs.toList(struct.children());
    Expression key = null;
    for (int i = 0; i + 1 < parts.size(); i += 2) {
      String option = constant(name, "an option name", parts.get(i)).toString();
      Expression value = parts.get(i + 1);
      if (options.containsKey(option) || option.equals(LossForm.KEY) && key != null) {
        throw new LossArgumentException(
            name + ": option '" + option + "' is given twice; " + "give each option once");
      }
      if (option.equals(LossForm.KEY)) {
        key = value;
      } else {
        if (!value.foldable()) {
          throw new LossArgumentException(
              name + ": option '" + option + "' must be a constant, " + "got " + value.sql());
        }
        Object v = value.eval(null);
        options.put(option, v == null ? null : toJava(v, value.dataType()));
      }
    }
    return key;
  }

  /** The value of {@code e}, which must be a constant and not NULL ({@code what} for errors). */
  static Object constant(String name, String what, Expression e) {
    if (!e.foldable()) {
      throw new LossArgumentException(name + ": " + what + " must be a constant, got " + e.sql());
    }
    Object v = e.eval(null);
    if (v == null) {
      throw new LossArgumentException(name + ": " + what + " must not be NULL");
    }
    return v;
  }

  /** The options of a constant {@code named_struct(...)} or {@code map(...)}, by name. */
  static Map<String, Object> read(String name, Expression e) {
    Object v = constant(name, "options", e);
    Map<String, Object> out = new LinkedHashMap<>();
    if (e.dataType() instanceof StructType struct) {
      InternalRow row = (InternalRow) v;
      for (int i = 0; i < struct.fields().length; i++) {
        DataType t = struct.fields()[i].dataType();
        String option = struct.fields()[i].name();
        if (out.containsKey(option)) {
          throw new LossArgumentException(
              name + ": option '" + option + "' is given twice; " + "give each option once");
        }
        out.put(option, row.isNullAt(i) ? null : toJava(row.get(i, t), t));
      }
    } else {
      MapType mt = (MapType) e.dataType();
      MapData map = (MapData) v;
      ArrayData keys = map.keyArray();
      ArrayData values = map.valueArray();
      for (int i = 0; i < map.numElements(); i++) {
        Object key = keys.get(i, mt.keyType());
        out.put(
            String.valueOf(key),
            values.isNullAt(i) ? null : toJava(values.get(i, mt.valueType()), mt.valueType()));
      }
    }
    return out;
  }

  /** Catalyst's internal values to the plain Java values {@code LossOptions} parses. */
  private static Object toJava(Object v, DataType t) {
    if (v instanceof UTF8String s) {
      return s.toString();
    }
    if (v instanceof Decimal d) {
      return d.toJavaBigDecimal(); // exact: an int64 option written as a decimal stays whole
    }
    if (v instanceof ArrayData a && t instanceof ArrayType at) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < a.numElements(); i++) {
        list.add(a.isNullAt(i) ? null : toJava(a.get(i, at.elementType()), at.elementType()));
      }
      return list;
    }
    return v;
  }
}
