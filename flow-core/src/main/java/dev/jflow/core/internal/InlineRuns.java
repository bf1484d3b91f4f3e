package dev.jflow.core.internal;

/**
 * The bound on work run inline ({@link NonBlocking}). A pod that runs inline answers before its
 * submitter returns, so the request walks on to the next pod from inside the walk to this one: a chain
 * of inline pods nests one pod's step ({@link RequestRun}) in the other's on one thread's stack. Each
 * step counts itself here while it runs, and once {@value #MAX_DEPTH} are nested, the next pod's
 * replica starts on the pool instead, whose thread walks on with an empty stack: a chain of any length
 * cannot overflow the stack.
 */
final class InlineRuns {
  /** Most pod steps nested on one thread before inline work goes to the pool. */
  static final int MAX_DEPTH = 16;

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private InlineRuns() {}

  /** Runs {@code step}, one pod's step of a request's walk, counted as one more nested on this thread. */
  static void step(Runnable step) {
    int[] depth = DEPTH.get();
    depth[0]++;
    try {
      step.run();
    } finally {
      depth[0]--;
    }
  }

  /** Whether inline work may run on this thread: no more than {@value #MAX_DEPTH} steps are nested on it. */
  static boolean mayRunHere() {
    return DEPTH.get()[0] < MAX_DEPTH;
  }

  /** How many steps are nested on this thread now (for tests). */
  static int depth() {
    return DEPTH.get()[0];
  }
}
