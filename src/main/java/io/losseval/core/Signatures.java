package io.losseval.core;

import java.util.List;
import java.util.stream.Collectors;

/** Chooses the signature a call's argument shapes match, or says what was wrong with them. */
final class Signatures {
  private Signatures() {}

  /**
   * The signature of {@code signatures} whose kinds have {@code shapes}; fails naming the first
   * argument no signature accepts in that place, or, when each is accepted alone, the combination
   * and the accepted ones.
   */
  static List<ArgumentKind> match(
      String function,
      List<TensorArgument> arguments,
      List<List<ArgumentKind>> signatures,
      List<Shape> shapes) {
    for (List<ArgumentKind> s : signatures) {
      if (hasShapes(s, shapes)) {
        return s;
      }
    }
    for (int a = 0; a < shapes.size(); a++) {
      int arg = a;
      List<ArgumentKind> accepted =
          signatures.stream()
              .map(s -> s.get(arg))
              .filter(k -> k.shape() == shapes.get(arg))
              .toList();
      if (accepted.isEmpty()) {
        String allowed =
            signatures.stream()
                .map(s -> s.get(arg).description())
                .distinct()
                .collect(Collectors.joining(" or "));
        throw new LossArgumentException(
            a,
            function
                + ": "
                + arguments.get(a).name()
                + " must be "
                + allowed
                + ", got "
                + article(shapes.get(a)));
      }
    }
    StringBuilder given = new StringBuilder();
    for (int a = 0; a < shapes.size(); a++) {
      given
          .append(a == 0 ? "" : ", ")
          .append(arguments.get(a).name())
          .append(" is ")
          .append(article(shapes.get(a)));
    }
    throw new LossArgumentException(
        function
            + ": "
            + given
            + "; accepted: "
            + signatures.stream().map(Signatures::describe).collect(Collectors.joining(", or ")));
  }

  private static boolean hasShapes(List<ArgumentKind> signature, List<Shape> shapes) {
    for (int a = 0; a < shapes.size(); a++) {
      if (signature.get(a).shape() != shapes.get(a)) {
        return false;
      }
    }
    return true;
  }

  /** "(a number, a number)". */
  static String describe(List<ArgumentKind> signature) {
    return signature.stream()
        .map(ArgumentKind::description)
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static String article(Shape s) {
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
