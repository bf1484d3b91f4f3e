package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Telemetry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A remote pod closed while it opens: the open stops at once instead of waiting for the remote. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteExecutorOpenCloseTest {
  @Test
  void aCloseDuringTheOpenStopsItAtOnceSayingSo() throws Exception {
    RemoteExecutor remote = new RemoteExecutor(new InProcessTransportProvider(),
        ClientConfig.builder().protocol("inprocess").host("nobody-" + System.nanoTime()).port(1).build(), Telemetry.none(), "f", "p");
    CompletableFuture<Void> opening = CompletableFuture.runAsync(() -> {
      try {
        remote.open(60_000, RemoteExecutor.RESOLVE_MS, () -> true);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300)).atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !opening.isDone()); // it waits for a remote that never answers
    long start = System.nanoTime();
    remote.close();
    ExecutionException failed = assertThrows(ExecutionException.class, () -> opening.get(10, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "not the 60 s ready wait");
    FlowException f = (FlowException) failed.getCause();
    assertEquals(Status.Code.UNAVAILABLE, f.code());
    assertTrue(f.getMessage().contains("closed while opening"), f.getMessage());
    assertTrue(!remote.isReady());
  }
}
