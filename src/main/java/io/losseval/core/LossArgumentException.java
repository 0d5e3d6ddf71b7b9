package io.losseval.core;

import io.losseval.PublicApi;

/** A loss was called with a wrong option, reduction or argument shape: a mistake in the query. */
@PublicApi
public class LossArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int argument;

  public LossArgumentException(String message) {
    this(-1, message);
  }

  /** A mistake in the tensor argument of index {@code argument}, whose column an engine adds. */
  public LossArgumentException(int argument, String message) {
    super(message);
    this.argument = argument;
  }

  /** Index of the offending tensor argument, or -1 when the mistake is not one argument's. */
  public int argument() {
    return argument;
  }
}
