package io.losseval.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loss as callers name it, declared once: its torch.nn.functional name and torch.nn class, its
 * tensor arguments in PyTorch's order with the argument kinds it accepts (its signatures), whether
 * reduction='none' gives a value per element or per sample, its options (types, defaults, allowed
 * values), its documentation, and how to build its {@link LossKernel}. SQL registration, the
 * Dataset API, the batch job, {@code catalog.json} and the fixture generator all read this.
 */
public final class LossDefinition {

  /** Builds the kernel of a call whose arguments matched a signature and whose options parsed. */
  @FunctionalInterface
  public interface Factory {
    LossKernel create(Binding binding);
  }

  private final String name;
  private final String torchClass;
  private final String summary;
  private final String formula;
  private final List<TensorArgument> arguments;
  private final List<List<ArgumentKind>> signatures;
  private final boolean elementwise;
  private final List<OptionSpec> options;
  private final List<String> exampleColumns;
  private final Map<String, Object> exampleOptions;
  private final Factory factory;

  private LossDefinition(Builder b) {
    name = b.name;
    torchClass = require(b.torchClass, "torch.nn class");
    summary = require(b.summary, "summary");
    formula = require(b.formula, "formula");
    arguments = List.copyOf(b.arguments);
    signatures = List.copyOf(b.signatures);
    elementwise = require(b.elementwise, "per element or per sample");
    options = List.copyOf(b.options);
    exampleColumns = List.copyOf(require(b.exampleColumns, "example"));
    exampleOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.exampleOptions));
    factory = b.factory;
    check();
  }

  /** Starts the declaration of the loss {@code name}, whose kernels {@code factory} builds. */
  public static Builder builder(String name, Factory factory) {
    return new Builder(name, factory);
  }

  public String name() {
    return name;
  }

  /** The torch.nn module class, e.g. {@code CrossEntropyLoss}. */
  public String torchClass() {
    return torchClass;
  }

  /** One line for documentation and SQL's DESCRIBE FUNCTION. */
  public String summary() {
    return summary;
  }

  /** The loss of one element (or sample), in plain text. */
  public String formula() {
    return formula;
  }

  /** Tensor argument names, in torch.nn.functional order. */
  public List<String> arguments() {
    return arguments.stream().map(TensorArgument::name).toList();
  }

  /** Tensor arguments with what a row of each holds, in torch.nn.functional order. */
  public List<TensorArgument> tensorArguments() {
    return arguments;
  }

  /** The argument-kind combinations a call may have, one kind per tensor argument. */
  public List<List<ArgumentKind>> signatures() {
    return signatures;
  }

  /**
   * Whether PyTorch's reduction='none' gives one value per element (true: an array for array rows)
   * or one per sample (false).
   */
  public boolean elementwise() {
    return elementwise;
  }

  public List<OptionSpec> options() {
    return options;
  }

  /** Column names of the documentation's example call, one per tensor argument. */
  public List<String> exampleColumns() {
    return exampleColumns;
  }

  /** Options of the documentation's example call (possibly none), in order. */
  public Map<String, Object> exampleOptions() {
    return exampleOptions;
  }

  /** The example as SQL over a table {@code scores}: the aggregate with its options, if any. */
  public String exampleSql() {
    return "SELECT "
        + name
        + "("
        + String.join(", ", exampleColumns)
        + (exampleOptions.isEmpty() ? "" : ", 'mean', " + exampleOptionsSql())
        + ") FROM scores";
  }

  /** The example's options as a SQL {@code named_struct(...)}, or "" when it has none. */
  public String exampleOptionsSql() {
    if (exampleOptions.isEmpty()) {
      return "";
    }
    return exampleOptions.entrySet().stream()
        .map(e -> "'" + e.getKey() + "', " + sqlLiteral(e.getValue()))
        .collect(Collectors.joining(", ", "named_struct(", ")"));
  }

  private static String sqlLiteral(Object v) {
    if (v instanceof double[] a) {
      return Arrays.stream(a)
          .mapToObj(Double::toString)
          .collect(Collectors.joining(", ", "array(", ")"));
    }
    return v instanceof CharSequence ? "'" + v + "'" : String.valueOf(v);
  }

  /**
   * Checks the argument shapes against the signatures, parses and checks the options, and returns
   * the bound kernel. Fails with a {@link LossArgumentException} naming the function and what is
   * allowed.
   */
  public LossKernel bind(Map<String, ?> rawOptions, List<Shape> shapes) {
    if (shapes.size() != arguments.size()) {
      throw new LossArgumentException(
          name
              + " takes "
              + arguments.size()
              + " tensor arguments ("
              + String.join(", ", arguments())
              + "), got "
              + shapes.size());
    }
    List<ArgumentKind> kinds = Signatures.match(name, arguments, signatures, shapes);
    LossOptions parsed = LossOptions.parse(name, options, rawOptions);
    LossKernel kernel = factory.create(new Binding(name, arguments(), kinds, parsed));
    kernel.bindLayout(
        kinds.stream()
            .map(ArgumentKind::jsonName)
            .collect(java.util.stream.Collectors.joining(", ")),
        parsed);
    return kernel;
  }

  /** Declaration mistakes are programming errors: they fail when the catalog loads. */
  private void check() {
    if (signatures.isEmpty()) {
      throw new IllegalStateException(name + ": no signature");
    }
    List<List<Shape>> seen = new ArrayList<>();
    for (List<ArgumentKind> s : signatures) {
      if (s.size() != arguments.size()) {
        throw new IllegalStateException(
            name + ": signature " + s + " does not have " + arguments.size() + " kinds");
      }
      List<Shape> shapes = s.stream().map(ArgumentKind::shape).toList();
      if (seen.contains(shapes)) {
        throw new IllegalStateException(name + ": two signatures have the shapes " + shapes);
      }
      seen.add(shapes);
    }
    if (options.stream().map(OptionSpec::name).distinct().count() != options.size()) {
      throw new IllegalStateException(name + ": an option is declared twice");
    }
    if (exampleColumns.size() != arguments.size()) {
      throw new IllegalStateException(name + ": the example needs one column per argument");
    }
    LossOptions.parse(name, options, exampleOptions);
  }

  private <T> T require(T value, String what) {
    if (value == null) {
      throw new IllegalStateException(name + ": no " + what + " declared");
    }
    return value;
  }

  /** The declaration of one loss, read top to bottom as the catalog lists it. */
  public static final class Builder {
    private final String name;
    private final Factory factory;
    private String torchClass;
    private String summary;
    private String formula;
    private final List<TensorArgument> arguments = new ArrayList<>();
    private final List<List<ArgumentKind>> signatures = new ArrayList<>();
    private Boolean elementwise;
    private final List<OptionSpec> options = new ArrayList<>();
    private List<String> exampleColumns;
    private final Map<String, Object> exampleOptions = new LinkedHashMap<>();

    private Builder(String name, Factory factory) {
      this.name = name;
      this.factory = factory;
    }

    /** The torch.nn module class, e.g. {@code MSELoss}. */
    public Builder torch(String className) {
      torchClass = className;
      return this;
    }

    public Builder summary(String text) {
      summary = text;
      return this;
    }

    public Builder formula(String text) {
      formula = text;
      return this;
    }

    public Builder argument(String argumentName, String description) {
      arguments.add(new TensorArgument(argumentName, description));
      return this;
    }

    public Builder signature(ArgumentKind... kinds) {
      signatures.add(List.of(kinds));
      return this;
    }

    /** reduction='none' gives one value per element. */
    public Builder perElement() {
      elementwise = true;
      return this;
    }

    /** reduction='none' gives one value per sample (row). */
    public Builder perSample() {
      elementwise = false;
      return this;
    }

    public Builder option(OptionSpec option) {
      options.add(option);
      return this;
    }

    /**
     * The documentation's example: columns as {@code "logits, label"}, then option names and values
     * in pairs.
     */
    public Builder example(String columns, Object... optionPairs) {
      exampleColumns = List.of(columns.split(", "));
      for (int i = 0; i < optionPairs.length; i += 2) {
        exampleOptions.put((String) optionPairs[i], optionPairs[i + 1]);
      }
      return this;
    }

    public LossDefinition build() {
      return new LossDefinition(this);
    }
  }
}
