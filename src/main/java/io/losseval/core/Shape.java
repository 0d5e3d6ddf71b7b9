package io.losseval.core;

/** The shape of one tensor argument's value in a row: the row's slice of PyTorch's tensor. */
public enum Shape {
  /** One number per row (a tensor of shape (N)). */
  SCALAR,
  /** An array of numbers per row (N, D). Spark arrays and ML Vectors both have this shape. */
  ARRAY,
  /** An array of arrays per row (N, T, C), as CTC's log-probabilities. */
  MATRIX
}
