package io.losseval.spark.columnar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.testing.StringDictionary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The group table on its own, against a reference: a map from each row's key tuple to a group
 * numbered in order of first appearance. Every way a key is looked up (one key of at most 32 bits,
 * one dictionary-encoded string, any keys) must give each row that number, across batches, past the
 * table's growth and after {@link GroupKeys#clear}, and give the keys back as Catalyst values.
 */
@Tag("compat") // in the compatibility suite run on every Spark line (tools/test-all)
class GroupKeysTest {
  private static final int ROWS = 1000;

  /** The reference: group numbers by first appearance of a key tuple. */
  private static final class Reference {
    final Map<List<Object>, Integer> groups = new LinkedHashMap<>();

    int[] assign(List<List<Object>> rows) {
      int[] out = new int[rows.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = groups.computeIfAbsent(rows.get(i), k -> groups.size());
      }
      return out;
    }
  }

  /** Feeds {@code batches} (key tuples per row) to both tables and compares every row's group. */
  private static void check(
      GroupKeys keys, List<ColumnarBatch> batches, List<List<List<Object>>> tuples) {
    Reference reference = new Reference();
    int[] out = new int[ROWS];
    for (int b = 0; b < batches.size(); b++) {
      int[] expected = reference.assign(tuples.get(b));
      keys.assign(batches.get(b), out);
      assertArrayEquals(expected, Arrays.copyOf(out, expected.length), "batch " + b);
      assertEquals(reference.groups.size(), keys.groups(), "batch " + b);
    }
    for (Map.Entry<List<Object>, Integer> e : reference.groups.entrySet()) {
      List<Object> key = e.getKey();
      for (int k = 0; k < key.size(); k++) {
        assertEquals(key.get(k), keys.key(e.getValue(), k), "group " + e.getValue());
      }
    }
  }

  private static OnHeapColumnVector ints(DataType type, Integer[] values) {
    OnHeapColumnVector v = new OnHeapColumnVector(values.length, type);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.putNull(i);
      } else if (type.equals(DataTypes.ByteType)) {
        v.putByte(i, values[i].byteValue());
      } else if (type.equals(DataTypes.ShortType)) {
        v.putShort(i, values[i].shortValue());
      } else {
        v.putInt(i, values[i]);
      }
    }
    return v;
  }

  /** Keys drawn from {@code distinct} values (some negative), in runs, with NULLs. */
  private static Integer[] draws(Random random, int distinct, boolean nulls) {
    Integer[] out = new Integer[ROWS];
    for (int i = 0; i < ROWS; i++) {
      if (i > 0 && random.nextInt(4) == 0) {
        out[i] = out[i - 1]; // a run of equal keys
      } else if (nulls && random.nextInt(20) == 0) {
        out[i] = null;
      } else {
        out[i] = random.nextInt(distinct) - distinct / 3;
      }
    }
    return out;
  }

  private static Object catalyst(DataType type, Integer x) {
    if (x == null) {
      return null;
    }
    if (type.equals(DataTypes.ByteType)) {
      return x.byteValue();
    }
    if (type.equals(DataTypes.ShortType)) {
      return x.shortValue();
    }
    return x;
  }

  @Test
  void oneNarrowKeyGetsTheReferenceGroupsPastGrowthAndAfterClear() {
    for (DataType type :
        new DataType[] {DataTypes.IntegerType, DataTypes.ShortType, DataTypes.ByteType}) {
      Random random = new Random(7);
      GroupKeys keys = new GroupKeys(new int[] {0}, new DataType[] {type});
      for (int round = 0; round < 2; round++) {
        List<ColumnarBatch> batches = new ArrayList<>();
        List<List<List<Object>>> tuples = new ArrayList<>();
        // few keys, then many (the table grows from 64 groups), NULLs in every other batch
        for (int distinct : new int[] {5, 200, 3000, 3000}) {
          int d = type.equals(DataTypes.ByteType) ? Math.min(distinct, 250) : distinct;
          Integer[] values = draws(random, d, batches.size() % 2 == 0);
          batches.add(batch(ints(type, values)));
          List<List<Object>> rows = new ArrayList<>();
          for (Integer x : values) {
            rows.add(Arrays.asList(catalyst(type, x)));
          }
          tuples.add(rows);
        }
        check(keys, batches, tuples);
        keys.clear();
        assertEquals(0, keys.groups());
      }
    }
  }

  @Test
  void booleanAndDateKeysAreNarrowToo() {
    OnHeapColumnVector bools = new OnHeapColumnVector(ROWS, DataTypes.BooleanType);
    OnHeapColumnVector dates = new OnHeapColumnVector(ROWS, DataTypes.DateType);
    List<List<Object>> boolRows = new ArrayList<>();
    List<List<Object>> dateRows = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < ROWS; i++) {
      int r = random.nextInt(3);
      if (r == 2) {
        bools.putNull(i);
      } else {
        bools.putBoolean(i, r == 1);
      }
      boolRows.add(Arrays.asList(r == 2 ? null : r == 1));
      int day = 19_000 + random.nextInt(400);
      dates.putInt(i, day);
      dateRows.add(Arrays.asList(day));
    }
    check(
        new GroupKeys(new int[] {0}, new DataType[] {DataTypes.BooleanType}),
        List.of(batch(bools)),
        List.of(boolRows));
    check(
        new GroupKeys(new int[] {0}, new DataType[] {DataTypes.DateType}),
        List.of(batch(dates)),
        List.of(dateRows));
  }

  /**
   * Batches of one string key: plain, then dictionary-encoded with two different dictionaries (the
   * same id names another string in the next batch), then plain again; each row's key, or null.
   */
  private static List<ColumnarBatch> stringBatches(Random random, List<List<List<Object>>> tuples) {
    List<ColumnarBatch> batches = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      boolean dictionary = b == 1 || b == 2;
      byte[][] words = new byte[300][];
      for (int w = 0; w < words.length; w++) {
        // batch 2's dictionary lists the same words in another order
        int word = b == 2 ? words.length - 1 - w : w;
        words[w] = ("key_" + word + (word % 7 == 0 ? "_ünï" : "")).getBytes(StandardCharsets.UTF_8);
      }
      OnHeapColumnVector v = new OnHeapColumnVector(ROWS, DataTypes.StringType);
      if (dictionary) {
        v.setDictionary(new StringDictionary(words));
        v.reserveDictionaryIds(ROWS);
      }
      List<List<Object>> rows = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        int id = random.nextInt(b == 0 ? 40 : words.length);
        if (random.nextInt(25) == 0) {
          v.putNull(i);
          rows.add(Arrays.asList((Object) null));
          continue;
        }
        if (dictionary) {
          v.getDictionaryIds().putInt(i, id);
        } else {
          v.putByteArray(i, words[id]);
        }
        rows.add(Arrays.asList(UTF8String.fromBytes(words[id])));
      }
      batches.add(batch(v));
      tuples.add(rows);
    }
    return batches;
  }

  @Test
  void oneStringKeyGetsTheSameGroupsWithAndWithoutADictionary() {
    List<List<List<Object>>> tuples = new ArrayList<>();
    List<ColumnarBatch> batches = stringBatches(new Random(3), tuples);
    check(new GroupKeys(new int[] {0}, new DataType[] {DataTypes.StringType}), batches, tuples);
  }

  @Test
  void severalKeysOfMixedKindsGetTheReferenceGroups() {
    Random random = new Random(5);
    List<List<List<Object>>> strings = new ArrayList<>();
    List<ColumnarBatch> stringColumns = stringBatches(random, strings);
    List<ColumnarBatch> batches = new ArrayList<>();
    List<List<List<Object>>> tuples = new ArrayList<>();
    for (int b = 0; b < stringColumns.size(); b++) {
      Integer[] small = draws(random, 4, true);
      OnHeapColumnVector longs = new OnHeapColumnVector(ROWS, DataTypes.LongType);
      List<List<Object>> rows = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        long x = (random.nextInt(3) - 1) * 10_000_000_000L;
        longs.putLong(i, x);
        rows.add(Arrays.asList(small[i], strings.get(b).get(i).get(0), x));
      }
      batches.add(batch(ints(DataTypes.IntegerType, small), stringColumns.get(b).column(0), longs));
      tuples.add(rows);
    }
    check(
        new GroupKeys(
            new int[] {0, 1, 2},
            new DataType[] {DataTypes.IntegerType, DataTypes.StringType, DataTypes.LongType}),
        batches,
        tuples);
  }

  private static ColumnarBatch batch(ColumnVector... columns) {
    return new ColumnarBatch(columns, ROWS);
  }
}
