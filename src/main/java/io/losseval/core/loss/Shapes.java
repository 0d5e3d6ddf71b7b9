package io.losseval.core.loss;

import io.losseval.core.LossArgumentException;
import io.losseval.core.Shape;
import java.util.List;

/** Analysis-time checks of argument shapes, with messages that name the function and argument. */
public final class Shapes {
  private Shapes() {}

  /** Returns true for array rows, false for scalar rows; fails on a mix or a matrix. */
  public static boolean requireAllScalarOrAllArray(String function, List<String> names,
      List<Shape> shapes) {
    Shape first = shapes.get(0);
    for (int a = 0; a < shapes.size(); a++) {
      if (shapes.get(a) == Shape.MATRIX || shapes.get(a) != first) {
        throw new LossArgumentException(function + ": " + describe(names, shapes)
            + "; give every tensor argument as a number, or every one as an array (or ML Vector)");
      }
    }
    return first == Shape.ARRAY;
  }

  /** Fails unless argument {@code arg} has one of the allowed shapes. */
  public static Shape require(String function, String name, Shape actual, String what,
      Shape... allowed) {
    for (Shape s : allowed) {
      if (s == actual) {
        return actual;
      }
    }
    throw new LossArgumentException(function + ": " + name + " must be " + what + ", got "
        + article(actual));
  }

  private static String describe(List<String> names, List<Shape> shapes) {
    StringBuilder b = new StringBuilder();
    for (int a = 0; a < shapes.size(); a++) {
      b.append(a == 0 ? "" : ", ").append(names.get(a)).append(" is ").append(article(shapes.get(a)));
    }
    return b.toString();
  }

  static String article(Shape s) {
    switch (s) {
      case SCALAR:
        return "a number";
      case ARRAY:
        return "an array";
      default:
        return "an array of arrays";
    }
  }
}
