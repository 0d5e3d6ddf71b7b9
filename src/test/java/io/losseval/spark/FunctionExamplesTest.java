package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.core.loss.LossCatalog;
import io.losseval.fixtures.Fixtures;
import io.losseval.testing.DocSnippets;
import io.losseval.testing.SharedSpark;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each function page's example runs in Spark as written and gives the values the page says PyTorch
 * gives (its {@code example-output} block), to the fixtures' tolerance.
 */
class FunctionExamplesTest {
  static Stream<String> losses() {
    return LossCatalog.all().stream().map(d -> d.name());
  }

  @ParameterizedTest
  @MethodSource("losses")
  void exampleGivesPyTorchsValues(String loss) {
    String page = "docs/functions/" + loss + ".md";
    List<Row> rows = SharedSpark.get().sql(DocSnippets.block(page, "example")).collectAsList();
    assertEquals(1, rows.size());
    List<String> expected = DocSnippets.block(page, "example-output").lines().toList();
    assertEquals(List.of("mean", "sum"), expected.stream().map(l -> l.split(" +")[0]).toList());
    for (int i = 0; i < 2; i++) {
      double torch = Double.parseDouble(expected.get(i).split(" +")[1]);
      double actual = rows.get(0).getDouble(i);
      assertEquals(
          torch,
          actual,
          Fixtures.RELATIVE_TOLERANCE * Math.max(1, Math.abs(torch)),
          page + ": " + expected.get(i));
    }
  }
}
