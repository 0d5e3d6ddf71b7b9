package io.losseval.spark.columnar;

import io.losseval.testing.StringDictionary;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The columnar group table ({@link GroupKeys}) timed on a shared machine: one task's worth of rows
 * (2.5M, what each of 4 tasks reads of the benchmark's 10M rows) in batches of 4,096 uniformly
 * drawn keys, for int keys with 100 to 100,000 values and 1,000 string keys stored plainly and
 * dictionary-encoded (as Parquet's reader hands them over). Prints the best of 7 rounds in ns per
 * row of this thread's CPU time, which leaves out the time the thread waited for a core. Uses only
 * the constructor and {@code assign}, so the same file measures older commits too. Run: {@code mvn
 * -B -q -Pjmh test-compile exec:java -Dexec.mainClass=io.losseval.spark.columnar.GroupKeyRounds
 * -Dexec.classpathScope=test}.
 */
public final class GroupKeyRounds {
  private static final int ROWS = 4096;
  private static final int BATCHES = 16;
  private static final int TASK_ROWS = 2_500_000;
  private static final int ROUNDS = 7;

  private GroupKeyRounds() {}

  public static void main(String[] args) {
    for (int keys : new int[] {100, 1_000, 10_000, 100_000}) {
      time("int", keys);
    }
    time("string", 1_000);
    time("string, dictionary", 1_000);
  }

  private static void time(String kind, int keys) {
    boolean ints = kind.equals("int");
    boolean dictionary = kind.endsWith("dictionary");
    DataType type = ints ? DataTypes.IntegerType : DataTypes.StringType;
    byte[][] words = new byte[keys][];
    for (int w = 0; w < keys; w++) {
      words[w] = ("key_" + w).getBytes(StandardCharsets.UTF_8);
    }
    Random random = new Random(1);
    ColumnarBatch[] batches = new ColumnarBatch[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      OnHeapColumnVector v = new OnHeapColumnVector(ROWS, type);
      if (dictionary) {
        v.setDictionary(new StringDictionary(words));
        v.reserveDictionaryIds(ROWS);
      }
      for (int i = 0; i < ROWS; i++) {
        int k = random.nextInt(keys);
        if (ints) {
          v.putInt(i, k);
        } else if (dictionary) {
          v.getDictionaryIds().putInt(i, k);
        } else {
          v.putByteArray(i, words[k]);
        }
      }
      batches[b] = new ColumnarBatch(new ColumnVector[] {v}, ROWS);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int[] out = new int[ROWS];
    long best = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      GroupKeys table = new GroupKeys(new int[] {0}, new DataType[] {type});
      long start = threads.getCurrentThreadCpuTime();
      for (int done = 0, b = 0; done < TASK_ROWS; done += ROWS, b++) {
        table.assign(batches[b % BATCHES], out);
      }
      best = Math.min(best, threads.getCurrentThreadCpuTime() - start);
    }
    System.out.printf(
        Locale.ROOT, "%-20s %,8d keys: %5.1f ns per row%n", kind, keys, best / (double) TASK_ROWS);
  }
}
