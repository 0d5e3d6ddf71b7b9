package io.losseval.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.ArgumentKind;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossKernel;
import io.losseval.core.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog's declarations agree with the kernels they build. */
class CatalogTest {

  @Test
  void everySignatureBindsAndItsNoneValueIsWhatTheCatalogSays() {
    for (LossDefinition d : LossCatalog.all()) {
      for (List<ArgumentKind> signature : d.signatures()) {
        LossKernel k = d.bind(Map.of(), shapes(signature));
        assertEquals(d.name(), k.function());
        assertEquals(
            d.elementwise() && signature.get(0) == ArgumentKind.ARRAY,
            k.perSampleIsArray(),
            d.name() + " " + signature);
      }
    }
  }

  @Test
  void shapesNoSignatureHasAreRejectedWithTheAcceptedOnes() {
    LossArgumentException e =
        assertThrows(
            LossArgumentException.class,
            () ->
                LossCatalog.get("gaussian_nll_loss")
                    .bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR, Shape.ARRAY)));
    for (String part :
        List.of(
            "gaussian_nll_loss",
            "input is a number",
            "var is an array",
            "(a number, a number, a number)",
            "(an array (or ML Vector), an array (or ML Vector), " + "a number)")) {
      assertTrue(e.getMessage().contains(part), part + " missing from: " + e.getMessage());
    }
  }

  @Test
  void theExampleCallsAreValidSqlOfTheirLoss() {
    for (LossDefinition d : LossCatalog.all()) {
      String sql = d.exampleSql();
      assertTrue(
          sql.startsWith("SELECT " + d.name() + "(" + String.join(", ", d.exampleColumns())), sql);
      assertTrue(d.exampleOptions().isEmpty() || sql.contains("'mean', named_struct('"), sql);
    }
  }

  private static List<Shape> shapes(List<ArgumentKind> signature) {
    return signature.stream().map(ArgumentKind::shape).toList();
  }
}
