package io.losseval.spark.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Java lists to and from Scala sequences, with calls that exist unchanged on Scala 2.12 and 2.13
 * ({@code scala.jdk.javaapi.CollectionConverters} is 2.13 only, {@code JavaConverters} is
 * deprecated there), so one source serves every Spark line.
 */
public final class ScalaSeqs {
  private ScalaSeqs() {}

  /** The elements of any Scala sequence (2.12 passes builders an {@code ArrayBuffer}). */
  public static <T> List<T> toList(scala.collection.Seq<T> seq) {
    List<T> out = new ArrayList<>(seq.size());
    scala.collection.Iterator<T> it = seq.iterator();
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  /**
   * An immutable Scala list: the {@code Seq} that Catalyst's {@code children} returns on both Scala
   * lines ({@code immutable.Seq} on 2.13, a subtype of 2.12's {@code collection.Seq}).
   */
  @SuppressWarnings("unchecked")
  public static <T> scala.collection.immutable.List<T> toSeq(List<T> list) {
    scala.collection.immutable.List<T> out =
        (scala.collection.immutable.List<T>) (Object) scala.collection.immutable.Nil$.MODULE$;
    for (int i = list.size() - 1; i >= 0; i--) {
      out = out.$colon$colon(list.get(i));
    }
    return out;
  }
}
