package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TraceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An endpoint retired while calls race to it: no call ever starts on a closed client, and its client closes once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteEndpointRetireTest {
  /** A client that answers every call at once and records a call opened after it closed. */
  static final class Client implements ClientTransport {
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger openedAfterClose = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ClientCall open(ResponseObserver observer, java.time.Duration timeout) {
      if (closed.get()) {
        openedAfterClose.incrementAndGet();
      }
      calls.incrementAndGet();
      return new ClientCall() {
        @Override
        public void send(Request request) {
          observer.onNext(Response.of(request, Status.SUCCESS, List.of()));
        }

        @Override
        public void halfClose() {}

        @Override
        public void cancel(String reason) {}
      };
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      closed.set(true);
    }
  }

  private static Request request() {
    return Request.builder(RequestType.INDEX).build();
  }

  @Test
  void anIdleRetiredEndpointClosesOnTheCloserAndRefusesCallsWithoutSendingThem() throws Exception {
    Client client = new Client();
    List<Runnable> later = new ArrayList<>();
    RemoteEndpoint e = new RemoteEndpoint(null, client, "remote pod x", later::add);
    e.ready(true);
    e.retire();
    assertFalse(e.ready(), "a retired endpoint is not picked");
    assertEquals(0, client.closes.get(), "not closed on the retiring thread");
    assertEquals(1, later.size());
    later.forEach(Runnable::run);
    assertEquals(1, client.closes.get());
    CompletableFuture<Response> refused = e.send(request(), TraceContext.none());
    assertTrue(refused.isCompletedExceptionally());
    assertTrue(Futures.unwrap(refused.handle((r, x) -> x).join()) instanceof RemoteEndpoint.Retired, "the marker that sends it elsewhere");
    assertEquals(0, client.calls.get(), "nothing was sent");
  }

  @Test
  void callsRacingARetireNeverStartOnTheClosedClient() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 200; round++) {
        Client client = new Client();
        RemoteEndpoint e = new RemoteEndpoint(null, client, "remote pod x", Runnable::run);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          senders.add(CompletableFuture.runAsync(() -> {
            try {
              go.await();
            } catch (InterruptedException x) {
              throw new IllegalStateException(x);
            }
            for (int i = 0; i < 20; i++) {
              e.send(request(), TraceContext.none()).exceptionally(x -> null);
            }
          }, threads));
        }
        go.countDown();
        e.retire();
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertEquals(0, client.openedAfterClose.get(), "round " + round + ": a call started on a closed client");
        assertEquals(1, client.closes.get(), "round " + round + ": closed once, after its last call");
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
