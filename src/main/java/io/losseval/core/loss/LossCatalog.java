package io.losseval.core.loss;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every loss the project offers, by its torch.nn.functional name: the one registry that SQL
 * registration, the Dataset API and the batch job read.
 */
public final class LossCatalog {
  private static final Map<String, LossDefinition> BY_NAME = new LinkedHashMap<>();

  static {
    for (LossDefinition d : List.of(
        MseLossKernel.DEFINITION,
        CrossEntropyKernel.DEFINITION,
        BinaryCrossEntropyKernel.DEFINITION,
        KlDivKernel.DEFINITION,
        HingeEmbeddingKernel.DEFINITION,
        L1LossKernel.DEFINITION,
        SmoothL1LossKernel.DEFINITION,
        HuberLossKernel.DEFINITION,
        SoftMarginLossKernel.DEFINITION,
        BinaryCrossEntropyWithLogitsKernel.DEFINITION,
        PoissonNllLossKernel.DEFINITION,
        GaussianNllLossKernel.DEFINITION,
        MarginRankingLossKernel.DEFINITION,
        NllLossKernel.DEFINITION,
        MultiMarginKernel.DEFINITION,
        MultiLabelMarginKernel.DEFINITION,
        MultiLabelSoftMarginKernel.DEFINITION,
        CosineEmbeddingKernel.DEFINITION,
        TripletMarginKernel.DEFINITION,
        TripletMarginWithDistanceKernel.DEFINITION,
        CtcLossKernel.DEFINITION)) {
      BY_NAME.put(d.name(), d);
    }
  }

  private LossCatalog() {}

  /** All losses, in a stable order. */
  public static List<LossDefinition> all() {
    return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
  }

  /** The loss called {@code name}; fails with the list of known names. */
  public static LossDefinition get(String name) {
    LossDefinition d = name == null ? null : BY_NAME.get(name);
    if (d == null) {
      throw new LossArgumentException("unknown loss function '" + name + "'; known: "
          + String.join(", ", BY_NAME.keySet()));
    }
    return d;
  }

  /** Whether a loss is called {@code name}. */
  public static boolean contains(String name) {
    return BY_NAME.containsKey(name);
  }
}
