package io.losseval.job.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The order in which a configuration declares the keys of one object: by their line in the file
 * (keys on one line by name), then keys only the command line gives, in the overrides' order. A key
 * the command line unset (it or an object around it set to null) and set again counts as given by
 * the command line. HOCON objects keep no order of their own, so the file is parsed on its own for
 * this: overrides merge the origins (file and line) of what they touch.
 */
final class DeclaredOrder {
  /** The order of an object neither the file nor the command line declares (a list's element). */
  static final DeclaredOrder NONE = new DeclaredOrder(null, List.of());

  /** The object as the file alone declares it, or null where the file does not declare it. */
  private final Config declared;

  private final List<Override> overrides;

  private DeclaredOrder(Config declared, List<Override> overrides) {
    this.declared = declared;
    this.overrides = overrides;
  }

  /**
   * The order of the root object of {@code file} (parsed alone, before overrides) with the command
   * line's {@code overrides} ({@code key=value}, already checked to be of that form).
   */
  static DeclaredOrder of(Config file, List<String> overrides) {
    List<Override> given = new ArrayList<>();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      given.add(new Override(o.substring(0, eq).trim(), o.substring(eq + 1).trim().equals("null")));
    }
    return new DeclaredOrder(file, List.copyOf(given));
  }

  /** The order of the object at {@code key} inside this one. */
  DeclaredOrder inside(String key) {
    ConfigValue inFile = declared == null ? null : declared.root().get(key);
    return new DeclaredOrder(inFile instanceof ConfigObject o ? o.toConfig() : null, overrides);
  }

  /** {@code keys} of this object in declared order; {@code dotted} names a key from the root. */
  List<String> sort(Collection<String> keys, UnaryOperator<String> dotted) {
    Map<String, Long> rank = new HashMap<>();
    for (String k : keys) {
      String name = dotted.apply(k);
      int unset = -1;
      for (int i = 0; i < overrides.size(); i++) {
        if (overrides.get(i).unsets() && overrides.get(i).within(name)) {
          unset = i;
        }
      }
      ConfigValue v = declared == null || unset >= 0 ? null : declared.root().get(k);
      long line = v == null ? -1 : v.origin().lineNumber();
      rank.put(k, line >= 0 ? line : Integer.MAX_VALUE + (long) firstSetting(name, unset + 1));
    }
    List<String> ordered = new ArrayList<>(keys);
    ordered.sort(Comparator.comparing((String k) -> rank.get(k)).thenComparing(k -> k));
    return ordered;
  }

  /** The position of the first override from {@code from} on that sets {@code dotted} or in it. */
  private int firstSetting(String dotted, int from) {
    for (int i = from; i < overrides.size(); i++) {
      if (overrides.get(i).sets(dotted)) {
        return i;
      }
    }
    return overrides.size();
  }

  /**
   * A command-line override as the key order needs it.
   *
   * @param key the dotted key it sets
   * @param unsets whether it sets the key to null
   */
  private record Override(String key, boolean unsets) {
    /** Whether this override sets {@code dotted} or a key inside it. */
    boolean sets(String dotted) {
      return key.equals(dotted) || key.startsWith(dotted + ".");
    }

    /** Whether this override sets {@code dotted} or an object around it. */
    boolean within(String dotted) {
      return key.equals(dotted) || dotted.startsWith(key + ".");
    }
  }
}
