package io.losseval.spark.columnar;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One function's partial state per group of a task, indexed by group number and made on first use
 * (a group no row of this function reached has none).
 */
final class GroupStates<S> {
  private final Supplier<S> empty;
  private Object[] states = new Object[1];

  /** States made by {@code empty}. */
  GroupStates(Supplier<S> empty) {
    this.empty = empty;
  }

  /** Makes room for groups {@code 0 .. capacity-1}. */
  void grow(int capacity) {
    if (states.length < capacity) {
      states = Arrays.copyOf(states, capacity);
    }
  }

  /** The state of group {@code g}, made on first use. */
  S get(int g) {
    S s = held(g);
    if (s == null) {
      s = empty.get();
      states[g] = s;
    }
    return s;
  }

  /** The state of group {@code g}, or null when no row has reached it. */
  @SuppressWarnings("unchecked")
  S held(int g) {
    return (S) states[g];
  }

  /** Forgets the states of groups {@code 0 .. groups-1} (at least group 0). */
  void clear(int groups) {
    Arrays.fill(states, 0, Math.max(groups, 1), null);
  }
}
