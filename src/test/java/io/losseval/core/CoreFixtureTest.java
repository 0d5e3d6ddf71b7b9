package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.core.loss.LossCatalog;
import io.losseval.fixtures.CoreRunner;
import io.losseval.fixtures.FixtureCase;
import io.losseval.fixtures.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every loss in the catalog, through the core alone, against real PyTorch: all rows into one state;
 * per-row values; and the rows split into three partial states merged in every order, each
 * through its serialized bytes, which must give the same bits as one state.
 */
class CoreFixtureTest {
  static Stream<FixtureCase> cases() {
    return LossCatalog.all().stream().map(LossDefinition::name).filter(Fixtures::exists)
        .flatMap(f -> Fixtures.load(f).stream());
  }

  @TestFactory
  Stream<DynamicTest> wholeGroupMatchesPyTorch() {
    return cases().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
      CoreRunner run = new CoreRunner(c);
      LossState state = run.state(0, c.rows());
      for (Reduction r : Reduction.values()) {
        Fixtures.assertClose(c.expected().get(r.sqlName()), run.kernel().result(state, r),
            c + " " + r.sqlName());
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> perRowMatchesPyTorchNone() {
    return cases().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
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
    }));
  }

  @TestFactory
  Stream<DynamicTest> splitMergedInEveryOrderGivesTheSameBits() {
    return cases().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
      CoreRunner run = new CoreRunner(c);
      LossState whole = run.state(0, c.rows());
      int n = c.rows();
      int[] cuts = {0, n / 3, (2 * n) / 3, n};
      for (int[] order : permutations(3)) {
        LossState merged = run.kernel().newState();
        for (int part : order) {
          byte[] bytes = run.state(cuts[part], cuts[part + 1]).toBytes();
          merged.merge(run.kernel().stateFromBytes(bytes));
        }
        for (Reduction r : Reduction.values()) {
          Double expected = run.kernel().result(whole, r);
          Double actual = run.kernel().result(merged, r);
          assertEquals(bits(expected), bits(actual), c + " " + r + " order "
              + java.util.Arrays.toString(order));
        }
      }
    }));
  }

  private static Long bits(Double d) {
    return d == null ? null : Double.doubleToLongBits(d);
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
