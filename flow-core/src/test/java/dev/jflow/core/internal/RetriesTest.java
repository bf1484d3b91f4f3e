package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RetriesTest {
  private static final FlowException REFUSED = new FlowException(Status.Code.RESOURCE_EXHAUSTED, "full");
  private static final FlowException DOWN = new FlowException(Status.Code.UNAVAILABLE, "down");
  private static final FlowException BAD = new FlowException(Status.Code.INVALID_ARGUMENT, "bad");

  private static Retries retries(int maxAttempts, long backoffMs) {
    return new Retries(CallOptions.builder().maxAttempts(maxAttempts).retryBackoff(Duration.ofMillis(backoffMs)).build());
  }

  @Test
  void onlyRefusalsAndUnreachableGatewaysAreRetriedUntilTheAttemptsAreSpent() {
    Retries r = retries(3, 100);
    assertEquals(1, r.attempt());
    assertFalse(r.retry(BAD));
    assertTrue(r.retry(REFUSED));
    assertEquals(2, r.attempt());
    assertTrue(r.retry(DOWN));
    assertEquals(3, r.attempt());
    assertFalse(r.retry(DOWN), "three attempts made");
    assertEquals(3, r.attempt());
  }

  @Test
  void theBackoffDoublesWithJitterUpToItsCap() {
    Retries r = retries(20, 100);
    long[] full = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
    for (long f : full) {
      r.retry(DOWN);
      for (int i = 0; i < 50; i++) {
        long wait = r.backoffMillis();
        assertTrue(wait >= f / 2 && wait <= f, "attempt " + r.attempt() + " waits " + wait + " ms, expected " + f / 2 + ".." + f);
      }
    }
  }

  @Test
  void theFinalErrorSaysHowManyAttemptsWereMade() {
    assertSame(DOWN, retries(1, 100).exhausted(DOWN), "without retries the failure itself");
    Retries r = retries(2, 100);
    assertSame(BAD, r.exhausted(BAD), "a failure that is never retried is itself");
    r.retry(DOWN);
    FlowException e = r.exhausted(DOWN);
    assertEquals(Status.Code.UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("down (gave up after 2 attempts; CallOptions.maxAttempts is 2)"), e.getMessage());
    assertSame(DOWN, e.getCause());
  }

  @Test
  void aScheduledRetryRunsAfterItsBackoffAndItsTimerCanBeTaken() throws Exception {
    Retries r = retries(2, 1);
    assertNull(r.takeTimer());
    r.retry(DOWN);
    CountDownLatch ran = new CountDownLatch(1);
    r.schedule(ran::countDown);
    assertTrue(ran.await(10, TimeUnit.SECONDS));
    ScheduledFuture<?> timer = r.takeTimer();
    assertTrue(timer != null);
    timer.get(10, TimeUnit.SECONDS); // the task counts down before its future is marked done
    assertTrue(timer.isDone());
    assertNull(r.takeTimer(), "taken once");
  }
}
