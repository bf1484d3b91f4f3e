package dev.jflow.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.core.TransportRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where and how a client call hands over its responses, the part of the transport contract about
 * threads: without an executor of its own, a call delivers on the transport's thread when the transport
 * allows it ({@link ClientTransport#callbacksMayBlock()}), else on the client's pool; either way one
 * callback at a time, never more than asked for, in request order when asked, and a callback that
 * blocks holds up only its own call. Run by every transport through {@link TransportConformanceSuite}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public interface DeliveryConformance {
  /** A builder of a Flow served over the transport under test. */
  FlowBuilder<Flow> deliveryFlow();

  /** The transport under test, by registry name. */
  String deliveryProtocol();

  /** What the transport under test declares: whether a call may deliver on its callback threads. */
  private boolean transportDelivers() {
    ClientConfig config = ClientConfig.builder().protocol(deliveryProtocol()).host("127.0.0.1").port(1).build();
    try (ClientTransport t = TransportRegistry.getDefault().provider(deliveryProtocol()).newClientTransport(config)) {
      return t.callbacksMayBlock();
    }
  }

  private static List<Document> docs(int n) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      docs.add(Document.withId("d" + i).text("t" + i));
    }
    return docs;
  }

  /**
   * A subscriber taking one response at a time, asking for the next from another thread while it is
   * still inside onNext, so that a second onNext beside the first would be caught; it records the
   * threads it was called on, and anything that broke the Flow.Subscriber rules.
   */
  final class OneAtATime implements java.util.concurrent.Flow.Subscriber<Response> {
    final List<String> ids = new CopyOnWriteArrayList<>();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final List<String> broken = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean inside = new AtomicBoolean();
    private final AtomicLong asked = new AtomicLong();
    private final ExecutorService asker = Executors.newSingleThreadExecutor();
    private java.util.concurrent.Flow.Subscription subscription;

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      asked.incrementAndGet();
      s.request(1);
    }

    @Override
    public void onNext(Response r) {
      if (!inside.compareAndSet(false, true)) {
        broken.add("two onNext at once, the second with " + r.requestId());
      }
      try {
        threads.add(Thread.currentThread().getName());
        if (asked.decrementAndGet() < 0) {
          broken.add("onNext beyond the demand, with " + r.requestId());
        }
        r.docs().forEach(d -> ids.add(d.id()));
        asked.incrementAndGet();
        asker.submit(() -> subscription.request(1)).get(10, TimeUnit.SECONDS); // the next may come now, on any thread
        for (int i = 0; i < 200; i++) {
          Thread.onSpinWait(); // and finds this one still inside
        }
      } catch (Exception e) {
        broken.add("asking for more failed: " + e);
      } finally {
        inside.set(false);
      }
    }

    @Override
    public void onError(Throwable t) {
      asker.shutdown();
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      asker.shutdown();
      if (inside.get()) {
        broken.add("onComplete during onNext");
      }
      done.complete(null);
    }
  }

  @Test
  default void aCallWithoutAnExecutorDeliversOneAtATimeAsAskedInOrderOnTheThreadTheTransportAllows() throws Exception {
    try (Flow f = deliveryFlow().name("delivery").add("a").add("b").build().start()) {
      OneAtATime subscriber = new OneAtATime();
      f.async().stream(RequestType.INDEX, Inputs.of(docs(60)), CallOptions.builder().requestSize(1).prefetch(8)
          .resultsInOrder(true).build()).subscribe(subscriber);
      subscriber.done.get(30, TimeUnit.SECONDS);
      assertEquals(List.of(), subscriber.broken);
      List<String> expected = docs(60).stream().map(Document::id).toList();
      assertEquals(expected, subscriber.ids, "every response once, in request order");
      boolean onPool = subscriber.threads.stream().allMatch(t -> t.startsWith("jflow-delivery-client-"));
      boolean offPool = subscriber.threads.stream().noneMatch(t -> t.startsWith("jflow-delivery-client-"));
      if (transportDelivers()) {
        assertTrue(offPool, "delivered on the transport's threads, not the client pool: " + subscriber.threads);
      } else {
        assertTrue(onPool, "delivered on the client pool: " + subscriber.threads);
      }
    }
  }

  @Test
  default void aCallbackThatBlocksHoldsUpOnlyItsOwnCall() throws Exception {
    try (Flow f = deliveryFlow().add("a").add("b", TestExecutors.PathTagger::new).build().start()) {
      CountDownLatch blocked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean released = new AtomicBoolean();
      CompletableFuture<List<Response>> slow = f.async().index(Inputs.of(docs(6)), CallOptions.builder().requestSize(1).prefetch(3)
          .onAlways(r -> {
            blocked.countDown();
            try {
              released.compareAndSet(false, release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }).build());
      assertTrue(blocked.await(20, TimeUnit.SECONDS), "the first callback ran");
      for (int round = 0; round < 3; round++) { // other calls go on while it blocks, over and over
        assertEquals(4, f.async().index(Inputs.of(docs(4)), CallOptions.builder().requestSize(1).build())
            .get(20, TimeUnit.SECONDS).size());
      }
      assertFalse(slow.isDone(), "the blocked call waits for its callback");
      release.countDown();
      assertEquals(6, slow.get(20, TimeUnit.SECONDS).size());
      assertTrue(released.get(), "the callback was released by the other thread, not by its timeout");
    }
  }
}
