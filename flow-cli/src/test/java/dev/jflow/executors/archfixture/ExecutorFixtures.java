package dev.jflow.executors.archfixture;

/** Classes that count as flow-executors' for the architecture rules; test code only. */
public final class ExecutorFixtures {
  private ExecutorFixtures() {}

  /** Breaks flow-executors' module map row: executors see the Flow through flow-api only. */
  public static final class ImportsCore {
    dev.jflow.core.Flows flows;
  }

  /** Breaks "no module reaches into another's internal package": flow-api does not export it to flow-executors. */
  public static final class UsesApiInternal {
    Object await() {
      return dev.jflow.api.internal.Futures.await(java.util.concurrent.CompletableFuture.completedFuture("done"));
    }
  }
}
