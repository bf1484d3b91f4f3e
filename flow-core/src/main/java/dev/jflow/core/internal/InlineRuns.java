package dev.jflow.core.internal;

/**
 * The bound on work run inline ({@link NonBlocking}): a request through a chain of inline pods runs
 * each pod, and the next pod's start, nested on one thread's stack, so after {@value #MAX_DEPTH} nested
 * runs the next goes to the pool instead, and a chain of any length cannot overflow the stack.
 */
final class InlineRuns {
  /** Most inline runs nested on one thread; a pod's run takes some 50 stack frames. */
  static final int MAX_DEPTH = 8;

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private InlineRuns() {}

  /** Runs {@code work} on this thread unless {@value #MAX_DEPTH} inline runs are nested on it already; whether it ran. */
  static boolean run(Runnable work) {
    int[] depth = DEPTH.get();
    if (depth[0] >= MAX_DEPTH) {
      return false;
    }
    depth[0]++;
    try {
      work.run();
    } finally {
      depth[0]--;
    }
    return true;
  }
}
