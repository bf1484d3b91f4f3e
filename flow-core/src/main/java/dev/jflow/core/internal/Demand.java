package dev.jflow.core.internal;

/**
 * What a call's subscriber asked for with {@code request(n)} and has not been given yet. Demand adds up
 * and saturates at {@code Long.MAX_VALUE}, which means unbounded. Not thread-safe: the call guards it.
 */
final class Demand {
  private long unmet;

  /**
   * Adds {@code n} items to the demand; false, adding nothing, when {@code n} is not positive, which
   * the Flow spec (rule 3.9) says must fail the subscription with {@link #violation(long)}.
   */
  boolean add(long n) {
    if (n <= 0) {
      return false;
    }
    unmet = unmet + n < 0 ? Long.MAX_VALUE : unmet + n;
    return true;
  }

  /** Whether the subscriber is waiting for at least one more item. */
  boolean waiting() {
    return unmet > 0;
  }

  /** Counts one item as given. */
  void given() {
    unmet--;
  }

  /** The error for {@code request(n)} with a non-positive {@code n}. */
  static IllegalArgumentException violation(long n) {
    return new IllegalArgumentException("request(" + n + ") violates the Flow spec: demand must be positive");
  }
}
