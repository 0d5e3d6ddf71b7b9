package io.losseval.core;

import io.losseval.PublicApi;

/**
 * A partial state that cannot be read or merged: another serial format, or a state of another loss
 * or other options. Never caused by a user's data; it means partial states of different calls (or
 * of different library versions) met.
 */
@PublicApi
public class LossStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public LossStateException(String message) {
    super(message);
  }
}
