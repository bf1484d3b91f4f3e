package dev.jflow.api.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jflow.api.FlowException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Waiting in tests for something that must fail. */
public final class Await {
  private Await() {}

  /**
   * Waits up to {@code within} for {@code future} to fail and returns the FlowException it failed with;
   * the test fails when the future completes normally, fails with anything else, or is still running.
   */
  public static FlowException failure(Future<?> future, Duration within) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(within.toMillis(), TimeUnit.MILLISECONDS),
        "expected the call to fail within " + within.toMillis() + " ms");
    return assertInstanceOf(FlowException.class, e.getCause());
  }
}
