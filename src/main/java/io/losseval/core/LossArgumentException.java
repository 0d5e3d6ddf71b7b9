package io.losseval.core;

/** A loss was called with a wrong option, reduction or argument shape: a mistake in the query. */
public class LossArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public LossArgumentException(String message) {
    super(message);
  }
}
