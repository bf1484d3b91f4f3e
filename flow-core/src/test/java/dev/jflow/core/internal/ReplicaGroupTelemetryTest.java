package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.JsonMap;
import dev.jflow.api.RequestType;
import dev.jflow.api.spi.TraceSpan;
import dev.jflow.core.testing.RecordingTelemetry;
import dev.jflow.core.testing.TestExecutors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A replica group's reports to its meters: even meters that throw (no guard here) never wedge a replica or a request. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicaGroupTelemetryTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static Hop hop(String id) {
    return new Hop(id, RequestType.INDEX, 1, TraceSpan.none());
  }

  @Test
  void meterCallsThatThrowNeitherWedgeTheReplicaNorLeaveItsRequestsWaiting() throws Exception {
    ReplicaGroup group = new ReplicaGroup("f", "p", "", 0, 1, pool, 1, 1 << 20, new GuardedTelemetryTest.ThrowingMeters());
    group.open(TestExecutors.PathTagger::new, new JsonMap(), 1).get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 3; i++) { // one replica: each request needs it free again
      ReplicaGroup.Served served = group.submit(e -> CompletableFuture.completedFuture(null), () -> false, 10, hop("r" + i))
          .get(10, TimeUnit.SECONDS);
      assertTrue(served.ran());
    }
    CountDownLatch hold = new CountDownLatch(1);
    CompletableFuture<ReplicaGroup.Served> held = group.submit(e -> CompletableFuture.runAsync(() -> {
      try {
        hold.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
      }
    }), () -> false, 10, hop("held"));
    CompletableFuture<ReplicaGroup.Served> queued = group.submit(e -> CompletableFuture.completedFuture(null), () -> false, 10, hop("q"));
    CompletableFuture<ReplicaGroup.Served> refused = group.submit(e -> CompletableFuture.completedFuture(null), () -> false, 10, hop("x"));
    assertTrue(refused.handle((s, e) -> e != null).get(10, TimeUnit.SECONDS), "refused although its shed() threw");
    hold.countDown();
    assertTrue(held.get(10, TimeUnit.SECONDS).ran());
    assertTrue(queued.get(10, TimeUnit.SECONDS).ran());
    group.replace(TestExecutors.PathTagger::new, new JsonMap()).get(10, TimeUnit.SECONDS); // restarted() and close() throw too
    group.close().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aRequestWhoseCallerGaveUpWhileItWaitedIsSkippedAndSaysSo() throws Exception {
    RecordingTelemetry telemetry = RecordingTelemetry.withoutTracing();
    ReplicaGroup group = new ReplicaGroup("f", "p", "", 0, 1, pool, 4, 1 << 20, telemetry);
    group.open(TestExecutors.PathTagger::new, new JsonMap(), 1).get(10, TimeUnit.SECONDS);
    CountDownLatch hold = new CountDownLatch(1);
    CompletableFuture<ReplicaGroup.Served> held = group.submit(e -> CompletableFuture.runAsync(() -> {
      try {
        hold.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
      }
    }), () -> false, 10, hop("held"));
    CompletableFuture<ReplicaGroup.Served> abandoned = group.submit(e -> {
      throw new AssertionError("skipped work must not run");
    }, () -> true, 10, hop("gone"));
    hold.countDown();
    assertTrue(held.get(10, TimeUnit.SECONDS).ran());
    ReplicaGroup.Served skipped = abandoned.get(10, TimeUnit.SECONDS);
    assertFalse(skipped.ran(), "the hop can end CANCELLED rather than as if it had run");
    assertEquals(1, telemetry.finished("p").size(), "only the request that ran is reported");
    group.close().get(10, TimeUnit.SECONDS);
    assertTrue(telemetry.pods("p").stream().allMatch(m -> m.closes() == 1));
  }
}
