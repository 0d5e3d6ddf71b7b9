package io.losseval.spark.columnar;

import io.losseval.spark.internal.NumberType;
import java.util.Arrays;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The groups one task has seen and a dense number for each: an open-addressing hash table of {@code
 * (hash, group)} pairs over flat per-group arrays (a group's NULL bits and whole-number keys side
 * by side, strings as copies), so that finding a row's group touches a few array slots rather than
 * a chain of objects. Group numbers run from 0 in order of first appearance; every per-group array
 * of the aggregate is indexed by them. Keys are whole numbers (boolean to long, date, timestamp) or
 * strings compared byte for byte; at most 64 keys.
 *
 * <p>Two common shapes take shorter ways, batch at once. One key of at most 32 bits (boolean to
 * int, date) is its own hash: a table entry holds the key itself beside its group, so a lookup is
 * one load and one comparison, a run of equal keys reuses the last group, and a NULL key has a
 * group of its own outside the table. One string key whose column is dictionary-encoded (Parquet,
 * ORC) is looked up once per dictionary entry a batch uses, not once per row.
 */
final class GroupKeys {
  private static final int BOOLEAN = 0;
  private static final int BYTE = 1;
  private static final int SHORT = 2;
  private static final int INT = 3;
  private static final int LONG = 4;
  private static final int STRING = 5;
  private static final int NULL_HASH = 0x5bd1e995;
  private static final int FIRST_CAPACITY = 64;
  // 2^32 / golden ratio: consecutive keys land far apart, so dense key ranges rarely collide
  private static final int FIBONACCI = 0x9E3779B9;

  private final int[] columns; // the view column of each key
  private final int[] kind; // BOOLEAN .. STRING per key
  private final int[] slot; // per key: its index among the whole-number keys or among the strings
  private final int fixedCount;
  private final int stringCount;
  private final int stride; // longs per group in keysOf: the NULL bits, then the whole numbers

  private int groups;
  private int capacity;
  private long[] keysOf; // [group * stride]: NULL bits; [group * stride + 1 + slot]: a key
  private UTF8String[][] stringsOf; // [slot][group]
  private long[] table; // (hash << 32) | (group + 1) per slot; 0 when free; the key as hash: narrow
  private int mask;
  private int
      shift; // 32 - log2(table.length): a narrow key's slot is the top bits of key * FIBONACCI

  // one key of at most 32 bits: the table holds the key itself (see narrowGroups)
  private final boolean narrow;
  private int nullGroup = -1; // narrow: the NULL key's group, -1 until a row has it

  // one string key: per dictionary id of the batch, its group, or -1 (see dictionaryGroups)
  private final boolean oneString;
  private int[] idGroup = new int[0];
  private int[] idsUsed = new int[0];

  // per batch, per row
  private int[] rowHash = new int[0];
  private long[] rowNulls = new long[0];
  private long[][] rowFixed; // [slot][row]
  private UTF8String[][] rowStrings; // [slot][row]

  /** Whether a grouping key of {@code type} can be grouped here. */
  static boolean supports(DataType type) {
    return kindOf(type) >= 0;
  }

  private static int kindOf(DataType t) {
    if (t instanceof BooleanType) {
      return BOOLEAN;
    }
    // a date is its day number (an int), a timestamp its microseconds (a long)
    if (t instanceof DateType) {
      return INT;
    }
    if (t instanceof TimestampType || t instanceof TimestampNTZType) {
      return LONG;
    }
    NumberType number = NumberType.of(t);
    if (number != null && number.whole()) {
      switch (number) {
        case BYTE:
          return BYTE;
        case SHORT:
          return SHORT;
        case INT:
          return INT;
        default:
          return LONG;
      }
    }
    // Only binary-collated strings: other collations group strings that differ in bytes.
    return t.equals(DataTypes.StringType) ? STRING : -1;
  }

  /** Keys read from view columns {@code columns}, of types {@code types}. */
  GroupKeys(int[] columns, DataType[] types) {
    if (columns.length > 64) {
      throw new IllegalArgumentException("at most 64 grouping keys, got " + columns.length);
    }
    this.columns = columns.clone();
    kind = new int[columns.length];
    slot = new int[columns.length];
    int fixed = 0;
    int strings = 0;
    for (int k = 0; k < columns.length; k++) {
      kind[k] = kindOf(types[k]);
      if (kind[k] < 0) {
        throw new IllegalArgumentException("cannot group by " + types[k].simpleString());
      }
      slot[k] = kind[k] == STRING ? strings++ : fixed++;
    }
    fixedCount = fixed;
    stringCount = strings;
    narrow = columns.length == 1 && kind[0] <= INT;
    oneString = columns.length == 1 && kind[0] == STRING;
    stride = 1 + fixed;
    rowFixed = new long[fixed][0];
    rowStrings = new UTF8String[strings][0];
    capacity = FIRST_CAPACITY;
    keysOf = new long[capacity * stride];
    stringsOf = new UTF8String[stringCount][capacity];
    table = new long[capacity * 2];
    mask = table.length - 1;
    shift = Integer.numberOfLeadingZeros(mask);
  }

  /** Number of groups seen. */
  int groups() {
    return groups;
  }

  /** Room for this many groups before the per-group arrays grow. */
  int capacity() {
    return capacity;
  }

  /**
   * Bytes the per-group arrays take per group: two table slots, the NULL bits and whole-number
   * keys, and a string key's copy (an estimate: its object, its array and 16 bytes).
   */
  long bytesPerGroup() {
    return 2 * 8 + 8L * stride + stringCount * (8 + 24 + 16 + 16);
  }

  /** Forgets every group and keeps the arrays for the next ones. */
  void clear() {
    Arrays.fill(table, 0L);
    for (UTF8String[] s : stringsOf) {
      Arrays.fill(s, 0, groups, null);
    }
    groups = 0;
    nullGroup = -1;
  }

  /**
   * Writes the group of each row of {@code view} into {@code out[0 .. rows)}, adding new groups.
   */
  void assign(ColumnarBatch view, int[] out) {
    int n = view.numRows();
    prepare(n);
    if (narrow) {
      narrowGroups(view.column(columns[0]), n, out);
      return;
    }
    if (oneString
        && view.column(columns[0]) instanceof WritableColumnVector w
        && w.hasDictionary()) {
      dictionaryGroups(w, n, out);
      return;
    }
    Arrays.fill(rowHash, 0, n, 0);
    Arrays.fill(rowNulls, 0, n, 0L);
    for (int k = 0; k < columns.length; k++) {
      readKey(k, view.column(columns[k]), n);
    }
    for (int i = 0; i < n; i++) {
      out[i] = find(i);
    }
  }

  private void prepare(int n) {
    if (rowHash.length < n) {
      rowHash = new int[n];
      rowNulls = new long[n];
      for (int s = 0; s < fixedCount; s++) {
        rowFixed[s] = new long[n];
      }
      for (int s = 0; s < stringCount; s++) {
        rowStrings[s] = new UTF8String[n];
      }
    }
  }

  /**
   * The groups of one key of at most 32 bits: the keys read in one loop, then one probe per row
   * whose key differs from the row before (a short loop with no call, so that the probes of several
   * rows overlap in the processor when the table is larger than its caches).
   */
  private void narrowGroups(ColumnVector v, int n, int[] out) {
    long[] keys = rowFixed[0];
    readWhole(kind[0], v, n, keys);
    boolean nullable = v.hasNull();
    long[] t = table;
    int m = mask;
    int lastKey = 0;
    int lastGroup = -1;
    for (int i = 0; i < n; i++) {
      if (nullable && v.isNullAt(i)) {
        out[i] = nullGroup();
        t = table; // the tables may have grown
        m = mask;
        continue;
      }
      int key = (int) keys[i];
      if (key == lastKey && lastGroup >= 0) {
        out[i] = lastGroup;
        continue;
      }
      int at = (key * FIBONACCI) >>> shift;
      int g;
      while (true) {
        long e = t[at];
        if (e == 0) {
          g = addNarrow(key, at);
          t = table;
          m = mask;
          break;
        }
        if ((int) (e >>> 32) == key) {
          g = (int) e - 1;
          break;
        }
        at = (at + 1) & m;
      }
      out[i] = g;
      lastKey = key;
      lastGroup = g;
    }
  }

  /** A new group for narrow key {@code key}, whose free table slot is {@code at}. */
  private int addNarrow(int key, int at) {
    if (groups == capacity) {
      grow();
      at = (key * FIBONACCI) >>> shift;
      while (table[at] != 0) {
        at = (at + 1) & mask;
      }
    }
    int g = groups++;
    table[at] = ((long) key << 32) | (g + 1);
    keysOf[g * stride] = 0;
    keysOf[g * stride + 1] = key;
    return g;
  }

  /** The narrow key's NULL group, added on first use. */
  private int nullGroup() {
    if (nullGroup < 0) {
      if (groups == capacity) {
        grow();
      }
      nullGroup = groups++;
      keysOf[nullGroup * stride] = 1L;
      keysOf[nullGroup * stride + 1] = 0;
    }
    return nullGroup;
  }

  /**
   * The groups of one dictionary-encoded string key: the first row of each dictionary id in the
   * batch is looked up as the general way looks it up (same hash, same table, so batches with and
   * without a dictionary agree), the others take its group. A column's dictionary can change from
   * batch to batch, so ids are remembered for one batch only.
   */
  private void dictionaryGroups(WritableColumnVector v, int n, int[] out) {
    WritableColumnVector ids = v.getDictionaryIds();
    UTF8String[] strings = rowStrings[0];
    boolean nullable = v.hasNull();
    int used = 0;
    int nullRowGroup = -1;
    for (int i = 0; i < n; i++) {
      if (nullable && v.isNullAt(i)) {
        if (nullRowGroup < 0) {
          rowNulls[i] = 1L;
          strings[i] = null;
          rowHash[i] = NULL_HASH;
          nullRowGroup = find(i);
        }
        out[i] = nullRowGroup;
        continue;
      }
      int id = ids.getInt(i);
      if (id >= idGroup.length) {
        int old = idGroup.length;
        idGroup = Arrays.copyOf(idGroup, Math.max(id + 1, 2 * old));
        Arrays.fill(idGroup, old, idGroup.length, -1);
      }
      int g = idGroup[id];
      if (g < 0) {
        UTF8String s = v.getUTF8String(i);
        rowNulls[i] = 0;
        strings[i] = s;
        rowHash[i] = s.hashCode();
        g = find(i);
        idGroup[id] = g;
        if (used == idsUsed.length) {
          idsUsed = Arrays.copyOf(idsUsed, Math.max(16, 2 * used));
        }
        idsUsed[used++] = id;
      }
      out[i] = g;
    }
    for (int u = 0; u < used; u++) {
      idGroup[idsUsed[u]] = -1;
    }
  }

  /** Key {@code k} of every row: its value into the row scratch, its hash into the row's hash. */
  private void readKey(int k, ColumnVector v, int n) {
    if (kind[k] == STRING) {
      readStrings(k, v, n);
      return;
    }
    long[] values = rowFixed[slot[k]];
    readWhole(kind[k], v, n, values);
    int[] h = rowHash;
    if (v.hasNull()) {
      long bit = 1L << k;
      for (int i = 0; i < n; i++) {
        if (v.isNullAt(i)) {
          rowNulls[i] |= bit;
          values[i] = 0; // whatever a NULL slot held: NULL keys compare by their bit alone
          h[i] = 31 * h[i] + NULL_HASH;
        } else {
          h[i] = 31 * h[i] + mix(values[i]);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        h[i] = 31 * h[i] + mix(values[i]);
      }
    }
  }

  /** Rows {@code 0 .. n} of a whole-number key of {@code kind} as longs (a NULL's slot as is). */
  private static void readWhole(int kind, ColumnVector v, int n, long[] values) {
    switch (kind) {
      case INT:
        for (int i = 0; i < n; i++) {
          values[i] = v.getInt(i);
        }
        break;
      case LONG:
        for (int i = 0; i < n; i++) {
          values[i] = v.getLong(i);
        }
        break;
      case SHORT:
        for (int i = 0; i < n; i++) {
          values[i] = v.getShort(i);
        }
        break;
      case BYTE:
        for (int i = 0; i < n; i++) {
          values[i] = v.getByte(i);
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          values[i] = v.getBoolean(i) ? 1 : 0;
        }
        break;
    }
  }

  private void readStrings(int k, ColumnVector v, int n) {
    UTF8String[] values = rowStrings[slot[k]];
    int[] h = rowHash;
    boolean nullable = v.hasNull();
    long bit = 1L << k;
    for (int i = 0; i < n; i++) {
      if (nullable && v.isNullAt(i)) {
        rowNulls[i] |= bit;
        values[i] = null;
        h[i] = 31 * h[i] + NULL_HASH;
      } else {
        UTF8String s = v.getUTF8String(i);
        values[i] = s;
        h[i] = 31 * h[i] + s.hashCode();
      }
    }
  }

  private static int mix(long x) {
    x *= 0x9E3779B97F4A7C15L;
    return (int) (x ^ (x >>> 32));
  }

  private static int spread(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }

  /** The group of row {@code i} of the scratch, added when new. */
  private int find(int i) {
    int h = rowHash[i];
    int at = spread(h) & mask;
    while (true) {
      long e = table[at];
      if (e == 0) {
        return add(i, h, at);
      }
      if ((int) (e >>> 32) == h) {
        int g = (int) e - 1;
        if (sameKeys(g, i)) {
          return g;
        }
      }
      at = (at + 1) & mask;
    }
  }

  private boolean sameKeys(int g, int i) {
    int base = g * stride;
    if (keysOf[base] != rowNulls[i]) {
      return false;
    }
    for (int s = 0; s < fixedCount; s++) {
      if (keysOf[base + 1 + s] != rowFixed[s][i]) {
        return false;
      }
    }
    for (int s = 0; s < stringCount; s++) {
      UTF8String a = stringsOf[s][g];
      UTF8String b = rowStrings[s][i];
      if (a == null ? b != null : b == null || !a.equals(b)) {
        return false;
      }
    }
    return true;
  }

  private int add(int i, int h, int at) {
    if (groups == capacity) {
      grow();
      return find(i);
    }
    int g = groups++;
    table[at] = ((long) h << 32) | (g + 1);
    int base = g * stride;
    keysOf[base] = rowNulls[i];
    for (int s = 0; s < fixedCount; s++) {
      keysOf[base + 1 + s] = rowFixed[s][i];
    }
    for (int s = 0; s < stringCount; s++) {
      UTF8String v = rowStrings[s][i];
      // The batch's bytes are reused for the next batch: the group keeps a copy.
      stringsOf[s][g] = v == null ? null : UTF8String.fromBytes(v.getBytes());
    }
    return g;
  }

  private void grow() {
    capacity *= 2;
    keysOf = Arrays.copyOf(keysOf, capacity * stride);
    for (int s = 0; s < stringCount; s++) {
      stringsOf[s] = Arrays.copyOf(stringsOf[s], capacity);
    }
    long[] old = table;
    table = new long[capacity * 2];
    mask = table.length - 1;
    shift = Integer.numberOfLeadingZeros(mask);
    for (long e : old) {
      if (e != 0) {
        int h = (int) (e >>> 32);
        int at = narrow ? (h * FIBONACCI) >>> shift : spread(h) & mask;
        while (table[at] != 0) {
          at = (at + 1) & mask;
        }
        table[at] = e;
      }
    }
  }

  /** Key {@code k} of group {@code g} as a Catalyst value (null for NULL). */
  Object key(int g, int k) {
    if ((keysOf[g * stride] & (1L << k)) != 0) {
      return null;
    }
    if (kind[k] == STRING) {
      return stringsOf[slot[k]][g];
    }
    long x = keysOf[g * stride + 1 + slot[k]];
    switch (kind[k]) {
      case BOOLEAN:
        return x != 0;
      case BYTE:
        return (byte) x;
      case SHORT:
        return (short) x;
      case INT:
        return (int) x;
      default:
        return x;
    }
  }
}
