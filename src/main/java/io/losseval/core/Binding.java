package io.losseval.core;

import java.util.List;

/**
 * What a kernel is built from: the loss's name and tensor argument names, the argument kinds of the
 * signature the call matched, and the parsed options.
 */
public record Binding(
    String function, List<String> argumentNames, List<ArgumentKind> kinds, LossOptions options) {

  public Binding {
    argumentNames = List.copyOf(argumentNames);
    kinds = List.copyOf(kinds);
  }

  /** The kind of argument {@code a} in this call. */
  public ArgumentKind kind(int a) {
    return kinds.get(a);
  }
}
