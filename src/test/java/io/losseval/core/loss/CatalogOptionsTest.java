package io.losseval.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.OptionSpec.OneOf;
import io.losseval.core.OptionSpec.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Declared option ranges are checked where options are parsed ({@link LossOptions#parse}), the one
 * place SQL, the Dataset API and the job's configuration go through, with a message naming the
 * function, the option, the value and the range.
 */
class CatalogOptionsTest {

  @Test
  void labelSmoothingTwoIsRejectedNamingFunctionOptionValueAndRange() {
    LossDefinition ce = LossCatalog.get("cross_entropy");
    LossArgumentException e =
        assertThrows(
            LossArgumentException.class,
            () -> LossOptions.parse(ce.name(), ce.options(), Map.of("label_smoothing", 2)));
    assertEquals(
        "cross_entropy: option 'label_smoothing' = 2.0 is not allowed; it must be "
            + "between 0.0 and 1.0",
        e.getMessage());
  }

  @Test
  void everyDeclaredRangeRejectsValuesOutsideAndAdmitsItsBoundsAndDefault() {
    int checked = 0;
    for (LossDefinition d : LossCatalog.all()) {
      for (OptionSpec o : d.options()) {
        if (o.allowed() == null) {
          continue;
        }
        for (Object bad : outside(o)) {
          LossArgumentException e =
              assertThrows(
                  LossArgumentException.class,
                  () -> LossOptions.parse(d.name(), d.options(), Map.of(o.name(), bad)),
                  d.name() + "." + o.name() + " = " + bad);
          for (String part :
              List.of(
                  d.name() + ": option '" + o.name() + "' = ",
                  "it must be " + o.allowed().describe(o.type()))) {
            assertTrue(e.getMessage().contains(part), part + " missing from " + e.getMessage());
          }
          checked++;
        }
        for (Object good : inside(o)) {
          LossOptions.parse(d.name(), d.options(), Map.of(o.name(), good));
        }
      }
    }
    assertTrue(checked >= 12, "only " + checked + " out-of-range values were tried");
  }

  @Test
  void rangesDescribeThemselvesForMessagesAndTables() {
    assertEquals("between 0.0 and 1.0", Range.between(0, 1).describe(OptionSpec.Type.DOUBLE));
    assertEquals("[0, 1]", Range.between(0, 1).notation());
    assertEquals("greater than 0.0", Range.greaterThan(0).describe(OptionSpec.Type.DOUBLE));
    assertEquals("> 0", Range.greaterThan(0).notation());
    assertEquals("at least 0", Range.atLeast(0).describe(OptionSpec.Type.INTEGER));
    assertEquals("a number (not NaN)", Range.notNaN().describe(OptionSpec.Type.DOUBLE));
    assertEquals(
        "one of 'pairwise', 'cosine'",
        new OneOf(List.of("pairwise", "cosine")).describe(OptionSpec.Type.STRING));
    assertEquals("{1, 2}", new OneOf(List.of(1L, 2L)).notation());
  }

  @Test
  void aDefaultOutsideItsRangeIsADeclarationError() {
    assertThrows(
        IllegalArgumentException.class,
        () -> OptionSpec.number("delta", 0.0, "d").allowing(Range.greaterThan(0)));
  }

  /** Values of the option's type just outside its range or set, NaN included for numbers. */
  private static List<Object> outside(OptionSpec o) {
    List<Object> out = new ArrayList<>();
    if (o.allowed() instanceof Range r) {
      if (r.min() != Double.NEGATIVE_INFINITY) {
        out.add(r.minIncluded() ? Math.nextDown(r.min()) : r.min());
      }
      if (r.max() != Double.POSITIVE_INFINITY) {
        out.add(r.maxIncluded() ? Math.nextUp(r.max()) : r.max());
      }
      if (o.type() == OptionSpec.Type.DOUBLE) {
        out.add(Double.NaN);
      }
      if (o.type() == OptionSpec.Type.INTEGER) {
        out.replaceAll(v -> (long) Math.floor((Double) v));
      }
    } else {
      out.add(o.type() == OptionSpec.Type.STRING ? "euclidean" : (Object) 3L);
    }
    return out;
  }

  private static List<Object> inside(OptionSpec o) {
    List<Object> in = new ArrayList<>();
    in.add(o.defaultValue());
    if (o.allowed() instanceof Range r) {
      if (r.minIncluded() && r.min() != Double.NEGATIVE_INFINITY) {
        in.add(o.type() == OptionSpec.Type.INTEGER ? (Object) (long) r.min() : r.min());
      }
      if (r.maxIncluded() && r.max() != Double.POSITIVE_INFINITY) {
        in.add(r.max());
      }
    } else {
      in.addAll(((OneOf) o.allowed()).values());
    }
    return in;
  }
}
