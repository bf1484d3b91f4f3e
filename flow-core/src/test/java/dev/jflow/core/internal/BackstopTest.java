package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.internal.Timers;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BackstopTest {
  @Test
  void firesTheGraceAfterTheTimeout() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    long start = System.nanoTime();
    new Backstop(Duration.ofMillis(10)).arm(fired::countDown);
    assertTrue(fired.await(10, TimeUnit.SECONDS));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms >= 10 + Backstop.GRACE_MS, "fired after " + ms + " ms");
  }

  @Test
  void cancellingReleasesTheTimer() {
    int before = Timers.pending();
    AtomicInteger fired = new AtomicInteger();
    Backstop b = new Backstop(Duration.ofMinutes(10));
    b.arm(fired::incrementAndGet);
    assertEquals(before + 1, Timers.pending());
    b.cancel();
    b.cancel(); // idempotent
    assertEquals(before, Timers.pending());
    assertEquals(0, fired.get());
  }

  @Test
  void aBackstopCancelledBeforeItIsArmedHoldsNothing() {
    int before = Timers.pending();
    Backstop b = new Backstop(Duration.ofMinutes(10));
    b.cancel();
    b.arm(() -> {});
    assertEquals(before, Timers.pending());
  }

  @Test
  void noTimeoutNoTimer() {
    int before = Timers.pending();
    new Backstop(null).arm(() -> {});
    assertEquals(before, Timers.pending());
  }
}
