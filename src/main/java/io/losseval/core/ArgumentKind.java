package io.losseval.core;

/**
 * What one tensor argument holds in a row, in the fixture generator's words: a number, an array, a
 * class index, an array of class indices, or an array of arrays. Several kinds share a {@link
 * Shape}: the kind says what the values mean, the shape how an engine reads them.
 */
public enum ArgumentKind {
  SCALAR("scalar", Shape.SCALAR, "a number"),
  ARRAY("array", Shape.ARRAY, "an array (or ML Vector)"),
  LABEL("label", Shape.SCALAR, "a class index (a number)"),
  LABELS("labels", Shape.ARRAY, "an array of class indices"),
  MATRIX("matrix", Shape.MATRIX, "an array of arrays");

  private final String jsonName;
  private final Shape shape;
  private final String description;

  ArgumentKind(String jsonName, Shape shape, String description) {
    this.jsonName = jsonName;
    this.shape = shape;
    this.description = description;
  }

  /** The name in catalog.json and the fixtures ({@code scalar}, {@code label}, ...). */
  public String jsonName() {
    return jsonName;
  }

  /** How an engine reads a value of this kind. */
  public Shape shape() {
    return shape;
  }

  /** With its article, for messages: "a number", "an array of class indices". */
  public String description() {
    return description;
  }
}
