package io.losseval.core;

import java.util.List;
import java.util.Map;

/**
 * A loss as callers name it: its torch.nn.functional name, its tensor arguments in PyTorch's order,
 * its options with defaults, and how to bind options and argument shapes into a {@link LossKernel}.
 */
public final class LossDefinition {

  /** Builds the kernel from parsed options and the argument shapes seen at analysis time. */
  @FunctionalInterface
  public interface Factory {
    LossKernel create(LossOptions options, List<Shape> shapes);
  }

  private final String name;
  private final List<String> arguments;
  private final List<OptionSpec> options;
  private final String summary;
  private final Factory factory;

  public LossDefinition(String name, List<String> arguments, List<OptionSpec> options,
      String summary, Factory factory) {
    this.name = name;
    this.arguments = List.copyOf(arguments);
    this.options = List.copyOf(options);
    this.summary = summary;
    this.factory = factory;
  }

  public String name() {
    return name;
  }

  /** Tensor argument names, in torch.nn.functional order. */
  public List<String> arguments() {
    return arguments;
  }

  public List<OptionSpec> options() {
    return options;
  }

  /** One line for documentation and SQL's DESCRIBE FUNCTION. */
  public String summary() {
    return summary;
  }

  /**
   * Parses and validates options and shapes, and returns the bound kernel. Fails with a
   * {@link LossArgumentException} naming the function and what is allowed.
   */
  public LossKernel bind(Map<String, ?> rawOptions, List<Shape> shapes) {
    if (shapes.size() != arguments.size()) {
      throw new LossArgumentException(name + " takes " + arguments.size() + " tensor arguments ("
          + String.join(", ", arguments) + "), got " + shapes.size());
    }
    LossOptions parsed = LossOptions.parse(name, options, rawOptions);
    LossKernel kernel = factory.create(parsed, shapes);
    kernel.bindLayout(shapes.stream().map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
        .collect(java.util.stream.Collectors.joining(", ")), parsed);
    return kernel;
  }
}
