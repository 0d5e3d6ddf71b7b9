package io.losseval.core.loss;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every loss the project offers, declared once: name, torch.nn class, tensor arguments and the
 * argument kinds they accept, per-element or per-sample 'none', options with PyTorch's defaults and
 * allowed values, documentation, and the kernel. SQL registration, DESCRIBE FUNCTION, the Dataset
 * API, the batch job and {@code catalog.json} (which the fixture generator reads) all come from
 * here. Adding a loss is a kernel class, one declaration in {@link LossDeclarations}, and fixture
 * cases.
 */
public final class LossCatalog {
  private static final Map<String, LossDefinition> BY_NAME = new LinkedHashMap<>();

  static {
    LossDeclarations.all().forEach(LossCatalog::add);
  }

  private LossCatalog() {}

  private static void add(LossDefinition.Builder declaration) {
    LossDefinition d = declaration.build();
    if (BY_NAME.put(d.name(), d) != null) {
      throw new IllegalStateException(d.name() + " is declared twice");
    }
  }

  /** All losses, in declaration order. */
  public static List<LossDefinition> all() {
    return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
  }

  /** The loss called {@code name}; fails with the list of known names. */
  public static LossDefinition get(String name) {
    LossDefinition d = name == null ? null : BY_NAME.get(name);
    if (d == null) {
      throw new LossArgumentException(
          "unknown loss function '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
    }
    return d;
  }

  /** Whether a loss is called {@code name}. */
  public static boolean contains(String name) {
    return BY_NAME.containsKey(name);
  }
}
