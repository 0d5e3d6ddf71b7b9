package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.fixtures.ContractCases;
import io.losseval.fixtures.CoreRunner;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.Fixtures;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract of every loss in the catalog, through every path of the core, against real PyTorch
 * (the committed fixtures): each case's rows added one by one, through a {@link RowBatch} or an
 * {@link ArrayRowBatch}, from slices at non-zero offsets, tiled past the batch capacity and the
 * exact sum's long-run threshold, and split into partial states merged through their bytes in every
 * order. Every path must leave the same state bytes as adding the rows one by one, and every
 * reduction must match PyTorch. The Spark adapters have their own contract test over the same cases
 * ({@code io.losseval.spark.SparkContractTest}).
 */
class LossContractTest {
  /** Rows at least this many after tiling: two full {@link RowBatch}es. */
  private static final int TILED_ROWS = 2 * RowBatch.CAPACITY;

  /** Elements at least this many per row after widening: past the exact sum's long runs (64). */
  private static final int WIDE_ELEMENTS = 64;

  private static Stream<DynamicTest> eachCase(Function<FixtureCase, Runnable> check) {
    return ContractCases.all().map(c -> DynamicTest.dynamicTest(c.toString(), check.apply(c)::run));
  }

  @Test
  void everyCatalogLossHasFixtures() {
    assertEquals(
        List.of(),
        ContractCases.lossesWithoutFixtures(),
        "catalog losses without PyTorch fixtures (add cases to tools/generate_fixtures.py)");
  }

  @TestFactory
  Stream<DynamicTest> rowByRowMatchesPyTorch() {
    return eachCase(c -> () -> assertMatchesPyTorch(c, new CoreRunner(c).state(0, c.rows())));
  }

  @TestFactory
  Stream<DynamicTest> perRowValuesMatchPyTorchNone() {
    return eachCase(
        c ->
            () -> {
              CoreRunner run = new CoreRunner(c);
              for (int r = 0; r < c.rows(); r++) {
                Object expected = c.expectedRows().get(r);
                Object actual = run.perRow(r);
                if (expected == null || actual == null) {
                  assertEquals(expected, actual, c + " row " + r);
                } else {
                  Fixtures.assertRowClose(expected, actual, c + " row " + r);
                }
              }
            });
  }

  @TestFactory
  Stream<DynamicTest> slicesAtOffsetsGiveTheSameState() {
    return eachCase(
        c ->
            () -> {
              CoreRunner run = new CoreRunner(c);
              assertSameBytes(run.state(0, c.rows()), run.stateFromOffsetSlices(0, c.rows()), c);
            });
  }

  @TestFactory
  Stream<DynamicTest> rowBatchesGiveTheSameState() {
    return batchedGiveTheSameState(LossKernel::batchesScalarRows, CoreRunner::stateThroughBatch);
  }

  @TestFactory
  Stream<DynamicTest> arrayRowBatchesGiveTheSameState() {
    return batchedGiveTheSameState(
        LossKernel::batchesArrayRows, CoreRunner::stateThroughArrayBatch);
  }

  /** How a runner adds rows {@code from .. to} along one batched path. */
  private interface BatchedPath {
    LossState state(CoreRunner run, int from, int to);
  }

  /**
   * For every case whose kernel {@code batches}, as given and tiled past two batches: the rows
   * added along {@code path} give the state bytes of adding them one by one, and PyTorch's values.
   */
  private static Stream<DynamicTest> batchedGiveTheSameState(
      Predicate<LossKernel> batches, BatchedPath path) {
    return ContractCases.all()
        .filter(c -> batches.test(new CoreRunner(c).kernel()))
        .flatMap(c -> Stream.of(c, c.tiledRows(tiling(c))))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.toString(),
                    () -> {
                      CoreRunner run = new CoreRunner(c);
                      LossState batched = path.state(run, 0, c.rows());
                      assertSameBytes(run.state(0, c.rows()), batched, c);
                      assertMatchesPyTorch(c, batched);
                    }));
  }

  @Test
  void everyLossThatBatchesArrayRowsHasCases() {
    // cross_entropy and nll_loss with class-index targets; a filter that matched nothing would
    // make the test above pass vacuously
    assertTrue(
        ContractCases.all().filter(c -> new CoreRunner(c).kernel().batchesArrayRows()).count()
            >= 10);
  }

  @TestFactory
  Stream<DynamicTest> tiledRowsAreTheMergeOfCopiesAndMatchPyTorch() {
    return eachCase(
        c ->
            () -> {
              int times = tiling(c);
              FixtureCase tiled = c.tiledRows(times);
              CoreRunner run = new CoreRunner(c);
              LossState copies = run.kernel().newState();
              for (int t = 0; t < times; t++) {
                copies.merge(run.state(0, c.rows()));
              }
              LossState state = new CoreRunner(tiled).state(0, tiled.rows());
              assertSameBytes(copies, state, tiled);
              assertMatchesPyTorch(tiled, state);
            });
  }

  @TestFactory
  Stream<DynamicTest> widenedArrayRowsMatchPyTorch() {
    return ContractCases.all()
        .filter(c -> new CoreRunner(c).kernel().perSampleIsArray())
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.toString(),
                    () -> {
                      FixtureCase wide = c.widened(widening(c));
                      CoreRunner run = new CoreRunner(wide);
                      assertMatchesPyTorch(wide, run.state(0, wide.rows()));
                      for (int r = 0; r < wide.rows(); r++) {
                        if (wide.expectedRows().get(r) != null) {
                          Fixtures.assertRowClose(
                              wide.expectedRows().get(r), run.perRow(r), wide + " row " + r);
                        }
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> partsMergedThroughBytesInEveryOrderGiveTheSameState() {
    return eachCase(
        c ->
            () -> {
              CoreRunner run = new CoreRunner(c);
              LossState whole = run.state(0, c.rows());
              int n = c.rows();
              int[] cuts = {0, n / 3, (2 * n) / 3, n};
              for (int[] order : permutations(3)) {
                LossState merged = run.kernel().newState();
                for (int part : order) {
                  merged.merge(
                      run.kernel().stateFromBytes(run.state(cuts[part], cuts[part + 1]).toBytes()));
                }
                assertSameBytes(whole, merged, c + " order " + java.util.Arrays.toString(order));
              }
            });
  }

  /** Each reduction of {@code state} matches the case's PyTorch value. */
  private static void assertMatchesPyTorch(FixtureCase c, LossState state) {
    LossKernel kernel = new CoreRunner(c).kernel();
    for (Reduction r : Reduction.values()) {
      Fixtures.assertClose(
          c.expected().get(r.sqlName()), kernel.result(state, r), c + " " + r.sqlName());
    }
  }

  private static void assertSameBytes(LossState expected, LossState actual, Object what) {
    HexFormat hex = HexFormat.of();
    assertEquals(
        hex.formatHex(expected.toBytes()),
        hex.formatHex(actual.toBytes()),
        what + ": state bytes differ from adding the rows one by one");
  }

  /**
   * A power of two that takes the case to at least {@link #TILED_ROWS} rows; a smaller one when the
   * tiled sum would pass the largest double (then 'mean' of the tiled rows, a rounded sum over a
   * count, is no longer the case's own 'mean').
   */
  private static int tiling(FixtureCase c) {
    Double sum = c.expected().get("sum");
    int times = 1;
    while (times * Math.max(c.rows(), 1) < TILED_ROWS
        && (sum == null || !Double.isFinite(sum) || Double.isFinite(sum * times * 2))) {
      times *= 2;
    }
    return times;
  }

  /** A power of two that takes each array row to at least {@link #WIDE_ELEMENTS} elements. */
  private static int widening(FixtureCase c) {
    int shortest = Integer.MAX_VALUE;
    for (List<Object> a : c.args()) {
      for (Object v : a) {
        if (v instanceof double[] d) {
          shortest = Math.min(shortest, Math.max(d.length, 1));
        }
      }
    }
    assertTrue(shortest < Integer.MAX_VALUE || c.rows() == 0 || allNull(c), c + " has no array");
    int times = 1;
    while (shortest != Integer.MAX_VALUE && times * shortest < WIDE_ELEMENTS) {
      times *= 2;
    }
    return times;
  }

  private static boolean allNull(FixtureCase c) {
    for (int r = 0; r < c.rows(); r++) {
      if (!c.rowHasNull(r)) {
        return false;
      }
    }
    return true;
  }

  static List<int[]> permutations(int n) {
    List<int[]> out = new ArrayList<>();
    permute(new int[n], new boolean[n], 0, out);
    return out;
  }

  private static void permute(int[] cur, boolean[] used, int k, List<int[]> out) {
    if (k == cur.length) {
      out.add(cur.clone());
      return;
    }
    for (int i = 0; i < cur.length; i++) {
      if (!used[i]) {
        used[i] = true;
        cur[k] = i;
        permute(cur, used, k + 1, out);
        used[i] = false;
      }
    }
  }
}
