package io.losseval.core.interval;

import io.losseval.core.LossState;
import io.losseval.core.Sample;
import java.util.Arrays;

/**
 * Scalar rows of many groups' interval or comparison states, held per group and bucket until a
 * bucket's rows can reach its loss state in one long {@link io.losseval.core.LossKernel#addBatch}
 * call per side. Each row's bucket is found as {@link IntervalEstimator#add} finds it (the {@link
 * BucketHash} of its values, counted among the group's distinct rows, or of its key); the row's
 * values are copied into the buffer of its group and bucket, and a buffer is added to the state
 * when it is nearly full (after each chunk of {@value #CHUNK} rows, those that passed {@code
 * rowsPerBucket - chunk}), when {@link #flush} asks for one group (before its state is read or
 * emitted), and for every group when the buffers are resized ({@link #room}). Exact sums do not
 * depend on the order of additions, so a state ends as adding its rows one by one would leave it,
 * to the bit and in its bytes, whatever rows were held when.
 *
 * <p>The buffers of all groups share one array of {@code groups x buckets x arguments x
 * rowsPerBucket} values: as many rows per group and bucket ({@value #MAX_ROWS} at most) as fit in
 * {@value #BUDGET_VALUES} values (8 MiB), and at least {@value #MIN_ROWS} whatever the number of
 * groups ({@link #bytesPerTask}, {@link #bytesPerGroup}). Rows of a group and bucket are written
 * one after the other, so only the tail of each buffer is touched per row.
 *
 * <p>Scratch space for one thread, reused for every call; for estimators whose kernels {@link
 * IntervalEstimator#batchesScalarRows batch scalar rows}.
 */
public final class BucketBatch {
  /** Values all buffers may hold before fewer rows per bucket are held: 8 MiB. */
  static final int BUDGET_VALUES = 1 << 20;

  /** Rows a bucket's buffer holds at most. */
  static final int MAX_ROWS = 256;

  /** Rows placed in the buffers at a time, before full buffers are added. */
  static final int CHUNK = 64;

  /** Rows a bucket's buffer holds at least, however many groups there are. */
  static final int MIN_ROWS = 4;

  /**
   * Values the buffers never exceed (512 MiB): past it (hundreds of thousands of groups of many
   * buckets) rows are added one by one, held nowhere.
   */
  static final long LIMIT_VALUES = 1L << 26;

  /** The state of a group, made on first use: where held rows go. */
  @FunctionalInterface
  public interface States {
    /** The state of group {@code g}. */
    BucketedState state(int g);
  }

  private final IntervalEstimator estimator;
  private final int arguments; // of a row: both sides' for a comparison
  private final int perSide;
  private final int buckets;
  private final Sample side; // one bucket's rows of one side, for the kernel
  private int groups; // groups the buffers have room for
  private int rows; // rows per group and bucket; 1 when rows are added one by one
  private boolean direct; // rows added one by one, held nowhere
  private double[] held = new double[0]; // [group][bucket][argument][row]
  private int[] count = new int[0]; // rows held, per group and bucket
  private long[] rowHashes = new long[0]; // the rows' value hashes, without a key
  private int[] place = new int[0]; // per row of a chunk, its place in the buffers
  private int[] ready = new int[0]; // buckets to add after a chunk
  // per group, its state's distinct-row limit as last read (Long.MAX_VALUE: read it again)
  private long[] limits = new long[0];

  /** Buffers for {@code estimator}'s rows of {@code arguments} scalar arguments (both sides'). */
  public BucketBatch(IntervalEstimator estimator, int arguments) {
    if (!estimator.batchesScalarRows()) {
      throw new IllegalArgumentException("this loss does not add scalar rows in batches");
    }
    this.estimator = estimator;
    int sides = estimator.layout().sides().size();
    if (arguments % sides != 0) {
      throw new IllegalArgumentException(
          arguments + " arguments do not split into " + sides + " sides");
    }
    this.arguments = arguments;
    this.perSide = arguments / sides;
    this.buckets = estimator.layout().buckets();
    this.side = new Sample(perSide);
  }

  /** Rows per bucket for {@code groups} groups of {@code buckets} buckets and {@code arguments}. */
  static int rowsPerBucket(int groups, int buckets, int arguments) {
    long perRow = (long) Math.max(groups, 1) * buckets * arguments;
    long fit = Long.highestOneBit(Math.max(1, BUDGET_VALUES / perRow));
    return (int) Math.max(MIN_ROWS, Math.min(MAX_ROWS, fit));
  }

  /**
   * Bytes the buffers take whatever the number of groups, for a task's memory accounting: the
   * budget they fill before holding fewer rows per bucket.
   */
  public static long bytesPerTask() {
    return 8L * BUDGET_VALUES;
  }

  /**
   * Bytes the buffers take per group beyond {@link #bytesPerTask}: {@value #MIN_ROWS} rows per
   * bucket, and the count of each bucket.
   */
  public static long bytesPerGroup(IntervalEstimator estimator, int arguments) {
    return estimator.layout().buckets() * (8L * MIN_ROWS * arguments + 4);
  }

  /** Rows each group's bucket holds before they are added to its state. */
  public int rowsPerBucket() {
    return rows;
  }

  /**
   * Makes room for groups {@code 0 .. groups-1}. When that takes fewer rows per bucket, what every
   * group holds is first added to its state in {@code states}.
   */
  public void room(int groups, States states) {
    if (groups <= this.groups) {
      return;
    }
    int old = limits.length;
    limits = Arrays.copyOf(limits, groups);
    Arrays.fill(limits, old, groups, Long.MAX_VALUE);
    int perBucket = rowsPerBucket(groups, buckets, arguments);
    boolean oneByOne = (long) groups * buckets * arguments * MIN_ROWS > LIMIT_VALUES;
    if (oneByOne) {
      perBucket = 1;
    }
    if (perBucket != rows || oneByOne) {
      for (int g = 0; g < this.groups; g++) {
        flush(g, states);
      }
      held = new double[(oneByOne ? 1 : groups * buckets) * arguments * perBucket];
      count = new int[oneByOne ? 1 : groups * buckets];
      rows = perBucket;
      direct = oneByOne;
    } else {
      held = Arrays.copyOf(held, groups * buckets * arguments * perBucket);
      count = Arrays.copyOf(count, groups * buckets);
    }
    this.groups = groups;
  }

  /**
   * Adds {@code n} rows to their groups: argument {@code a} of row {@code i} is {@code
   * columns.values(a)[columns.offset(a) + i]} (the candidate's arguments, then the baseline's), its
   * group {@code groupOf[i]} ({@code 0} for every row when {@code groupOf} is null), below the room
   * made by {@link #room}; {@code keyHashes[i]} is row i's {@link BucketHash#keyHash} for a keyed
   * estimator, and {@code keyHashes} is null otherwise. Rows are held, and a full bucket is added
   * to its state; throws the kernel's {@link io.losseval.core.LossDataException} for values the
   * loss rejects, when they are added.
   */
  public void add(Sample columns, int n, int[] groupOf, long[] keyHashes, States states) {
    if ((keyHashes != null) != estimator.keyed()) {
      throw new IllegalArgumentException(
          estimator.keyed() ? "a keyed estimator needs key hashes" : "this estimator has no key");
    }
    if (groups == 0) {
      room(1, states);
    }
    long[] hashes = keyHashes;
    if (hashes == null) {
      if (rowHashes.length < n) {
        rowHashes = new long[Math.max(n, 2 * rowHashes.length)];
      }
      hashes = rowHashes;
      BucketHash.hashScalarRows(columns, n, hashes);
    }
    if (keyHashes == null) {
      countDistinct(hashes, n, groupOf, states);
    }
    if (direct) {
      addOneByOne(columns, n, groupOf, hashes, states);
      return;
    }
    // Chunk by chunk, column by column: each row's place in its bucket's buffer, then each
    // argument's values copied there; buckets that passed the threshold are added after the chunk.
    // A buffer below the threshold when a chunk starts has room for the whole chunk.
    int chunk = Math.max(1, Math.min(CHUNK, rows / 2));
    int threshold = rows - chunk + 1;
    int stride = arguments * rows;
    if (place.length < chunk) {
      place = new int[chunk];
      ready = new int[chunk];
    }
    for (int from = 0; from < n; from += chunk) {
      int to = Math.min(n, from + chunk);
      int readyCount = 0;
      for (int i = from; i < to; i++) {
        int slot =
            (groupOf == null ? 0 : groupOf[i] * buckets) + BucketHash.bucket(hashes[i], buckets);
        int k = count[slot] + 1;
        count[slot] = k;
        place[i - from] = slot * stride + k - 1;
        if (k == threshold) {
          ready[readyCount++] = slot;
        }
      }
      for (int a = 0; a < arguments; a++) {
        double[] v = columns.values(a);
        int offset = columns.offset(a) + from;
        int shift = a * rows;
        for (int i = 0, m = to - from; i < m; i++) {
          held[place[i] + shift] = v[offset + i];
        }
      }
      for (int r = 0; r < readyCount; r++) {
        int slot = ready[r];
        addHeld(slot, count[slot], states.state(slot / buckets));
        count[slot] = 0;
      }
    }
  }

  /**
   * Counts each row's hash among its group's distinct rows. Most hashes of a full sketch are above
   * all it keeps and change nothing, so only those at or below the group's {@link
   * BucketedState#distinctLimit} (known per group here, and read again after each count) reach the
   * sketch: the same sketch as counting every row.
   */
  private void countDistinct(long[] hashes, int n, int[] groupOf, States states) {
    if (groupOf == null) {
      BucketedState single = states.state(0);
      long limit = single.distinctLimit();
      for (int i = 0; i < n; i++) {
        if ((hashes[i] ^ Long.MIN_VALUE) <= limit) {
          single.countDistinct(hashes[i]);
          limit = single.distinctLimit();
        }
      }
      return;
    }
    long[] limit = limits;
    for (int i = 0; i < n; i++) {
      int g = groupOf[i];
      if ((hashes[i] ^ Long.MIN_VALUE) <= limit[g]) {
        BucketedState state = states.state(g);
        state.countDistinct(hashes[i]);
        limit[g] = state.distinctLimit();
      }
    }
  }

  /** Adds each of {@code n} rows to its bucket's state on its own (no buffers: too many groups). */
  private void addOneByOne(Sample columns, int n, int[] groupOf, long[] hashes, States states) {
    for (int i = 0; i < n; i++) {
      int g = groupOf == null ? 0 : groupOf[i];
      for (int a = 0; a < arguments; a++) {
        held[a] = columns.values(a)[columns.offset(a) + i];
      }
      addHeld(g * buckets + BucketHash.bucket(hashes[i], buckets), 1, states.state(g));
    }
  }

  /** Adds what group {@code g} holds to its state (made by {@code states} if it holds rows). */
  public void flush(int g, States states) {
    if (g >= groups || direct) {
      return;
    }
    BucketedState state = null;
    for (int b = 0; b < buckets; b++) {
      int slot = g * buckets + b;
      int k = count[slot];
      if (k > 0) {
        if (state == null) {
          state = states.state(g);
        }
        count[slot] = 0;
        addHeld(slot, k, state);
      }
    }
  }

  /**
   * Forgets what groups {@code 0 .. groups-1} hold (after their states were dropped, so that new
   * states are made for them).
   */
  public void clear(int groups) {
    Arrays.fill(limits, 0, Math.min(groups, this.groups), Long.MAX_VALUE);
    if (!direct) {
      Arrays.fill(count, 0, Math.min(groups, this.groups) * buckets, 0);
    }
  }

  /** Adds the {@code k} rows held in {@code slot} (a group's bucket) to the bucket's states. */
  private void addHeld(int slot, int k, BucketedState state) {
    int b = slot % buckets;
    int base = direct ? 0 : slot * arguments * rows;
    for (int s = 0; s * perSide < arguments; s++) {
      for (int a = 0; a < perSide; a++) {
        side.set(a, held, base + (s * perSide + a) * rows, k, 1);
      }
      LossState bucket = state.bucket(s, b);
      estimator.addBatch(s, side, k, perSide, bucket);
    }
  }
}
