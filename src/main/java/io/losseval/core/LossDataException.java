package io.losseval.core;

import io.losseval.PublicApi;

/**
 * A row holds a value the loss cannot take (a class index out of range, arrays of different
 * lengths, a probability outside [0, 1]). The message names the function, the argument, the value
 * and the allowed range; engine adapters add the column.
 */
@PublicApi
public class LossDataException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int argument;

  public LossDataException(int argument, String message) {
    super(message);
    this.argument = argument;
  }

  /** Index of the offending tensor argument, or -1 if the problem spans arguments. */
  public int argument() {
    return argument;
  }
}
