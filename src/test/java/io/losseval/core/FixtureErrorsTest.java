package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.losseval.core.loss.LossCatalog;
import io.losseval.fixtures.CoreRunner;
import io.losseval.fixtures.FixtureError;
import io.losseval.fixtures.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Rows real PyTorch rejects (the fixture files' {@code errors}) are rejected by the core too: when
 * the call is bound, or when the rows are added, with a message naming the function; added through
 * an {@link ArrayRowBatch}, with the same message and argument as row by row.
 */
class FixtureErrorsTest {
  static Stream<FixtureError> errors() {
    return LossCatalog.all().stream()
        .map(LossDefinition::name)
        .flatMap(f -> Fixtures.loadErrors(f).stream());
  }

  @TestFactory
  Stream<DynamicTest> rowsPyTorchRejectsAreRejected() {
    return errors()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.toString(),
                    () -> {
                      try {
                        CoreRunner run = new CoreRunner(e.rows());
                        run.state(0, e.rows().rows());
                        fail(e + ": accepted rows PyTorch rejects with \"" + e.torchError() + "\"");
                      } catch (LossArgumentException | LossDataException rejected) {
                        assertTrue(
                            rejected.getMessage().startsWith(e.rows().function()),
                            "the message names the function: " + rejected.getMessage());
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> anArrayBatchRejectsThemWithTheSameError() {
    return errors()
        .filter(e -> bindsAndBatchesArrayRows(e))
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.toString(),
                    () -> {
                      CoreRunner run = new CoreRunner(e.rows());
                      int n = e.rows().rows();
                      LossDataException direct =
                          assertThrows(LossDataException.class, () -> run.state(0, n));
                      LossDataException batched =
                          assertThrows(
                              LossDataException.class, () -> run.stateThroughArrayBatch(0, n));
                      assertEquals(direct.getMessage(), batched.getMessage());
                      assertEquals(direct.argument(), batched.argument());
                    }));
  }

  private static boolean bindsAndBatchesArrayRows(FixtureError e) {
    try {
      return new CoreRunner(e.rows()).kernel().batchesArrayRows();
    } catch (LossArgumentException notBound) {
      return false;
    }
  }

  @Test
  void theFixturesHoldErrorCases() {
    assertTrue(errors().count() >= 10, "the fixture files lost their error cases");
  }
}
