package dev.jflow.core.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.NdArray;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every transport keeps, written once: a transport's test extends this class and names
 * its protocol. Each test builds a real Flow whose gateway and client use that transport. Who may call
 * is in {@link AuthConformance}, what a gateway reports to the Flow's telemetry in
 * {@link TelemetryConformance}, on which threads and how a call hands over its responses in
 * {@link DeliveryConformance}; the suite runs all three.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TransportConformanceSuite implements AuthConformance, TelemetryConformance, DeliveryConformance {

  /** The transport under test, by registry name. */
  protected abstract String protocol();

  /**
   * Sends bytes that are not a valid request to the gateway at {@code gateway} and returns the error
   * the transport reports, or null for transports that carry objects rather than bytes.
   */
  protected FlowException sendMalformed(dev.jflow.api.GatewayAddress gateway) throws Exception {
    return null;
  }

  /** Whether the transport serializes requests, so that a message size limit applies. */
  protected boolean serializes() {
    return true;
  }

  /** A builder of a Flow served over the transport under test. */
  protected FlowBuilder<Flow> flow() {
    return Flow.builder().protocol(protocol()).host("127.0.0.1");
  }

  @Override
  public final FlowBuilder<Flow> authFlow() {
    return flow();
  }

  @Override
  public final String meteredProtocol() {
    return protocol();
  }

  @Override
  public final FlowBuilder<Flow> deliveryFlow() {
    return flow();
  }

  @Override
  public final String deliveryProtocol() {
    return protocol();
  }

  /** A transport that serializes requests writes them over connections. */
  @Override
  public final boolean meteredOverNetwork() {
    return serializes();
  }

  /** Documents d0..d(n-1) with 4-d float embeddings [i, i, i, i]. */
  protected static List<Document> vectors(int n) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      docs.add(Document.withId("d" + i).embedding(NdArray.of(new float[] {i, i, i, i})).tag("i", i));
    }
    return docs;
  }

  private static Set<String> ids(List<Response> responses) {
    return responses.stream().flatMap(r -> r.docs().stream()).map(Document::id).collect(Collectors.toSet());
  }

  @Test
  void indexThenSearchFindsTheNearestDocuments() {
    try (Flow f = flow().add("indexer", TestExecutors.MemoryIndexer::new).build().start()) {
      List<Response> indexed = f.index(vectors(20));
      assertEquals(20, ids(indexed).size());
      List<Response> found = f.search(List.of(Document.withId("q").embedding(NdArray.of(new float[] {7, 7, 7, 7}))), 5);
      List<Document> matches = found.get(0).docs().get(0).matches();
      assertEquals(5, matches.size(), "topK=5 gives five matches");
      assertEquals("d7", matches.get(0).id());
      assertEquals(0f, matches.get(0).score().value());
      assertEquals("euclidean", matches.get(0).score().opName());
    }
  }

  @Test
  void inputIsCutIntoRequestsOfRequestSizeAndEveryDocumentComesBackOnce() {
    try (Flow f = flow().add("a", TestExecutors.PathTagger::new).add("b", TestExecutors.PathTagger::new).build().start()) {
      List<Response> rs = f.index(Inputs.of(vectors(250)), CallOptions.builder().requestSize(100).build());
      List<Integer> sizes = rs.stream().map(r -> r.docs().size()).sorted().collect(Collectors.toList());
      assertEquals(List.of(50, 100, 100), sizes);
      assertEquals(3, rs.stream().map(Response::requestId).distinct().count(), "a fresh request id per batch");
      List<String> all = rs.stream().flatMap(r -> r.docs().stream()).map(Document::id).collect(Collectors.toList());
      assertEquals(250, all.size());
      assertEquals(250, new HashSet<>(all).size());
      Document d = rs.get(0).docs().get(0);
      assertEquals(List.of("a", "b"), d.tags().get("path"), "both pods saw the document, in order");
      assertEquals(List.of("gateway", "a", "b"), rs.get(0).routes().stream().map(Route::pod).collect(Collectors.toList()));
    }
  }

  @Test
  void callbacksRunOncePerResponseAndErrorsGoToOnError() {
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger always = new AtomicInteger();
    List<Document> docs = vectors(30);
    docs.get(25).tag("fail", true);
    try (Flow f = flow().add("guard", TestExecutors.FailOnTag::new).build().start()) {
      List<Response> rs = f.index(Inputs.of(docs), CallOptions.builder().requestSize(10)
          .onDone(r -> done.incrementAndGet()).onError(r -> errors.incrementAndGet()).onAlways(r -> always.incrementAndGet()).build());
      assertEquals(3, rs.size());
      assertEquals(2, done.get());
      assertEquals(1, errors.get());
      assertEquals(3, always.get());
      Response failed = rs.stream().filter(Response::isError).findFirst().orElseThrow();
      assertEquals(Status.Code.ERROR, failed.status().code());
      assertEquals(10, failed.docs().size(), "a failed request still returns its documents");
      Route route = failed.routes().stream().filter(r -> r.pod().equals("guard")).findFirst().orElseThrow();
      assertEquals(Status.Code.ERROR, route.status().code());
      assertEquals(IllegalStateException.class.getName(), route.status().exception().name());
      assertEquals("guard", route.status().exception().executor());
      assertTrue(route.status().exception().args().get(0).contains("asked to fail"));
      assertFalse(f.index(vectors(5)).get(0).isError(), "the next request works");
    }
  }

  @Test
  void concurrentCallsNeverSeeEachOthersDocuments() throws Exception {
    int calls = 16;
    int perCall = 64;
    try (Flow f = flow().add("a", TestExecutors.PathTagger::new).add("b", TestExecutors.PathTagger::new).build().start()) {
      AsyncFlow af = f.async();
      List<CompletableFuture<List<Response>>> futures = new ArrayList<>();
      for (int c = 0; c < calls; c++) {
        String prefix = "call" + c + "-";
        List<Document> docs = IntStream.range(0, perCall).mapToObj(i -> Document.withId(prefix + i).text("t")).collect(Collectors.toList());
        futures.add(af.index(Inputs.of(docs), CallOptions.builder().requestSize(1).prefetch(8).build()));
      }
      for (int c = 0; c < calls; c++) {
        List<Response> rs = futures.get(c).get(30, TimeUnit.SECONDS);
        assertEquals(perCall, rs.size());
        Set<String> got = ids(rs);
        assertEquals(perCall, got.size());
        String prefix = "call" + c + "-";
        assertTrue(got.stream().allMatch(id -> id.startsWith(prefix)), "call " + c + " got only its own documents");
      }
    }
  }

  @Test
  void deleteSendsIdsAndUpdateReplaces() {
    TestExecutors.MemoryIndexer index = new TestExecutors.MemoryIndexer();
    try (Flow f = flow().add("indexer", () -> index).build().start()) {
      f.index(vectors(10));
      List<Response> deleted = f.delete(List.of("d1", "d2", "d3"));
      assertEquals(List.of("d1", "d2", "d3"), deleted.get(0).ids());
      assertEquals(7, index.size());
      f.update(List.of(Document.withId("d4").embedding(NdArray.of(new float[] {100, 100, 100, 100}))));
      List<Response> found = f.search(List.of(Document.withId("q").embedding(NdArray.of(new float[] {100, 100, 100, 100}))), 1);
      assertEquals("d4", found.get(0).docs().get(0).matches().get(0).id());
    }
  }

  @Test
  void callsFailClearlyBeforeStartAndAfterClose() {
    Flow f = flow().add().build();
    FlowException before = assertThrows(FlowException.class, () -> f.index(vectors(1)));
    assertEquals(Status.Code.FAILED_PRECONDITION, before.code());
    assertTrue(before.getMessage().contains("start()"), before.getMessage());
    f.start();
    f.close();
    f.close();
    FlowException after = assertThrows(FlowException.class, () -> f.index(vectors(1)));
    assertEquals(Status.Code.FAILED_PRECONDITION, after.code());
  }

  @Test
  void cancellingACallStopsSendingItsRequests() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    try (Flow f = flow().add("slow", () -> request -> {
      handled.incrementAndGet();
      first.countDown();
      release.await(30, TimeUnit.SECONDS);
    }).build().start()) {
      CompletableFuture<List<Response>> call = f.async().index(Inputs.of(vectors(1000)),
          CallOptions.builder().requestSize(1).prefetch(2).build());
      assertTrue(first.await(10, TimeUnit.SECONDS));
      assertTrue(call.cancel(true));
      release.countDown();
      assertThrows(java.util.concurrent.CancellationException.class, call::join);
      assertTrue(handled.get() < 10, "the flow stopped receiving requests, handled " + handled.get());
      assertEquals(3, f.index(vectors(3)).get(0).docs().size(), "the flow keeps serving");
    }
  }

  @Test
  void closingWithRequestsInFlightEndsEveryCall() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    Flow f = flow().drainGrace(Duration.ofMillis(300)).add("slow", () -> request -> {
      entered.countDown();
      Thread.sleep(200);
    }).timeoutReady(Duration.ofSeconds(10)).build().start();
    CompletableFuture<List<Response>> call = f.async().index(Inputs.of(vectors(100)), CallOptions.builder().requestSize(1).build());
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    f.close();
    Exception e = assertThrows(Exception.class, () -> call.get(30, TimeUnit.SECONDS));
    assertTrue(dev.jflow.api.internal.Futures.unwrap(e) instanceof FlowException, "a FlowException says why: " + e);
  }

  @Test
  void theGatewayRunsAtMostPrefetchRequestsOfOneCallAtOnce() {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    try (Flow f = flow().prefetch(2).add(dev.jflow.api.PodSpec.builder("wide").replicas(6).uses(() -> request -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      Thread.sleep(20);
      now.decrementAndGet();
    }).build()).build().start()) {
      List<Response> rs = f.index(Inputs.of(vectors(20)), CallOptions.builder().requestSize(1).prefetch(20).build());
      assertEquals(20, rs.size());
      assertTrue(most.get() <= 2, "the gateway's prefetch of 2 bounds the call, though 6 replicas were free: " + most.get());
    }
  }

  @Test
  void aFullPodQueueShedsAtOnceAndRetriesDeliverEveryAnswer() throws Exception {
    try (Flow f = flow().add(dev.jflow.api.PodSpec.builder("narrow").maxQueue(4).uses(() -> request -> Thread.sleep(20)).build())
        .build().start()) {
      CallOptions eight = CallOptions.builder().requestSize(1).prefetch(8).build();
      FlowException shed = dev.jflow.api.internal.Futures.toFlowException(assertThrows(Exception.class,
          () -> f.async().index(Inputs.of(vectors(30)), eight).get(30, TimeUnit.SECONDS)));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, shed.code(), shed.toString());
      assertTrue(shed.getMessage().contains("narrow"), "names the pod: " + shed.getMessage());
      List<Response> all = f.async().index(Inputs.of(vectors(30)),
          eight.toBuilder().maxAttempts(3).retryBackoff(Duration.ofMillis(50)).build()).get(30, TimeUnit.SECONDS);
      assertEquals(30, all.size());
      assertEquals(30, ids(all).size(), "every document answered once");
    }
  }

  @Test
  void closingDrainsEveryAcceptedRequestBeforeTheGatewayStops() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Flow f = flow().add("slow", () -> request -> release.await(30, TimeUnit.SECONDS)).build().start();
    CompletableFuture<List<Response>> call = f.async().index(Inputs.of(vectors(30)),
        CallOptions.builder().requestSize(1).prefetch(50).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> f.status().pod("slow").queued() == 29); // all 30 accepted
    CompletableFuture<Void> closing = f.async().closeAsync();
    release.countDown();
    List<Response> answered = call.get(30, TimeUnit.SECONDS);
    assertEquals(30, answered.size(), "every accepted request is answered");
    assertTrue(answered.stream().noneMatch(Response::isError));
    closing.get(30, TimeUnit.SECONDS); // a clean drain completes normally
  }

  @Test
  void requestsStillRunningWhenTheDrainGracePeriodEndsAreCutWithUnavailable() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Flow f = flow().drainGrace(Duration.ofMillis(300)).add("stuck", () -> request -> {
      entered.countDown();
      release.await(30, TimeUnit.SECONDS);
    }).build().start();
    try {
      CompletableFuture<List<Response>> call = f.async().index(vectors(1));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> closing = f.async().closeAsync();
      FlowException cut = dev.jflow.api.internal.Futures.toFlowException(
          assertThrows(Exception.class, () -> call.get(10, TimeUnit.SECONDS)));
      assertEquals(Status.Code.UNAVAILABLE, cut.code(), cut.toString());
      assertTrue(cut.getMessage().contains("grace period"), cut.getMessage());
      release.countDown();
      FlowException drain = dev.jflow.api.internal.Futures.toFlowException(
          assertThrows(Exception.class, () -> closing.get(30, TimeUnit.SECONDS)));
      assertEquals(Status.Code.UNAVAILABLE, drain.code());
      assertTrue(drain.getMessage().contains("1 call(s)"), drain.getMessage());
    } finally {
      release.countDown();
      f.close();
    }
  }

  @Test
  void aDrainingGatewayRefusesNewCallsWithUnavailable() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Flow f = flow().add("stuck", () -> request -> {
      entered.countDown();
      release.await(30, TimeUnit.SECONDS);
    }).build().start();
    dev.jflow.api.GatewayAddress a = f.async().gatewayAddress();
    try (dev.jflow.api.Client late = dev.jflow.api.Client.connect(a.protocol(), "127.0.0.1", a.port())) {
      CompletableFuture<List<Response>> running = f.async().index(vectors(1));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> closing = f.async().closeAsync();
      FlowException refused = dev.jflow.api.internal.Futures.toFlowException(
          assertThrows(Exception.class, () -> late.index(vectors(1)).get(10, TimeUnit.SECONDS)));
      assertEquals(Status.Code.UNAVAILABLE, refused.code(), refused.toString());
      release.countDown();
      assertEquals(1, running.get(30, TimeUnit.SECONDS).size(), "the accepted call is still answered");
      closing.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      f.close();
    }
  }

  @Test
  void requestsPastTheGatewayByteBudgetAreShedWithResourceExhausted() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    dev.jflow.api.GatewayConfig small = dev.jflow.api.GatewayConfig.builder().protocol(protocol()).host("127.0.0.1")
        .maxGatewayBytes(4096).build();
    try (Flow f = Flow.builder().gateway(small).add("stuck", () -> request -> {
      entered.countDown();
      release.await(30, TimeUnit.SECONDS);
    }).build().start()) {
      CompletableFuture<List<Response>> first = f.async().index(List.of(Document.ofText("x".repeat(3000))));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      FlowException shed = dev.jflow.api.internal.Futures.toFlowException(assertThrows(Exception.class,
          () -> f.async().index(List.of(Document.ofText("y".repeat(3000)))).get(10, TimeUnit.SECONDS)));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, shed.code(), shed.toString());
      assertTrue(shed.getMessage().contains("maxGatewayBytes=4096"), shed.getMessage());
      release.countDown();
      assertEquals(1, first.get(30, TimeUnit.SECONDS).size(), "the request that fit is answered");
      assertEquals(2, f.index(vectors(2)).get(0).docs().size(), "the gateway keeps serving");
    }
  }

  @Test
  void aCallPastItsTimeoutFailsWithDeadlineExceededNamingTheSlowPod() {
    CountDownLatch release = new CountDownLatch(1);
    try (Flow f = flow().add("quick").add("slowpoke", () -> request -> release.await(30, TimeUnit.SECONDS)).build().start()) {
      FlowException e = assertThrows(FlowException.class, () -> f.index(Inputs.of(vectors(1)),
          CallOptions.builder().timeout(Duration.ofMillis(1500)).build()));
      release.countDown();
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
      assertTrue(e.getMessage().contains("slowpoke"), e.getMessage());
      assertEquals(2, f.index(vectors(2)).get(0).docs().size(), "the flow keeps serving");
    }
  }

  @Test
  void malformedInputIsRefusedWithInvalidArgumentAndTheFlowKeepsServing() throws Exception {
    try (Flow f = flow().add().build().start()) {
      FlowException e = sendMalformed(f.async().gatewayAddress());
      org.junit.jupiter.api.Assumptions.assumeTrue(e != null, "this transport carries objects, not bytes");
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertEquals(2, f.index(vectors(2)).get(0).docs().size());
    }
  }

  @Test
  void anOversizedRequestIsRefusedWithResourceExhaustedAndTheFlowKeepsServing() {
    org.junit.jupiter.api.Assumptions.assumeTrue(serializes(), "this transport has no messages to limit");
    try (Flow f = flow().maxMessageSize(32 * 1024).add().build().start()) {
      FlowException e = assertThrows(FlowException.class, () -> f.index(List.of(Document.ofBuffer(new byte[64 * 1024]))));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
      assertEquals(2, f.index(vectors(2)).get(0).docs().size());
    }
  }

  @Test
  void aTopKOverTheGatewaysMaxTopKIsRefusedWithInvalidArgumentNamingTheLimit() {
    try (Flow f = flow().maxTopK(5).add("indexer", TestExecutors.MemoryIndexer::new).build().start()) {
      f.index(vectors(10));
      List<Response> atLimit = f.search(List.of(Document.withId("q").embedding(NdArray.of(new float[] {1, 1, 1, 1}))), 5);
      assertEquals(5, atLimit.get(0).docs().get(0).matches().size(), "top_k at the limit is served");
      FlowException e = assertThrows(FlowException.class,
          () -> f.search(List.of(Document.withId("q").embedding(NdArray.of(new float[] {1, 1, 1, 1}))), 1_000_000));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code(), e.toString());
      assertTrue(e.getMessage().contains("top_k=1000000, over this gateway's maxTopK=5"), e.getMessage());
      assertEquals(2, f.index(vectors(2)).get(0).docs().size(), "the flow keeps serving");
    }
  }

  @Test
  void aCallerOverTheRateIsRefusedWithResourceExhaustedWhileAnotherCallerAndTheFlowItselfAreServed() throws Exception {
    String other = "conformance-other-data-token-0123456789";
    try (Flow f = flow().maxRequestsPerSecond(2).burst(2).add("worker", TestExecutors.PathTagger::new)
        .authenticator(dev.jflow.api.spi.BearerTokens.builder().dataTokens(dev.jflow.api.Secret.of(DATA_TOKEN + "," + other)).build())
        .build().start();
        dev.jflow.api.Client fast = AuthConformance.client(f, DATA_TOKEN);
        dev.jflow.api.Client calm = AuthConformance.client(f, other)) {
      List<CompletableFuture<List<Response>>> quick = IntStream.range(0, 4).mapToObj(i -> fast.index(vectors(1))).toList();
      int served = 0;
      FlowException refused = null;
      for (CompletableFuture<List<Response>> r : quick) { // a burst of 2 is served at once; the rest is over 2 per second
        try {
          r.get(20, TimeUnit.SECONDS);
          served++;
        } catch (java.util.concurrent.ExecutionException e) {
          refused = dev.jflow.api.internal.Futures.toFlowException(e);
        }
      }
      assertTrue(served >= 2 && refused != null, served + " served, refused: " + refused);
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.code(), refused.toString());
      assertTrue(refused.getMessage().contains("maxRequestsPerSecond=2") && refused.getMessage().contains("caller 'data-token:")
          && refused.getMessage().contains("slow down, or retry after"), refused.getMessage());
      assertEquals(1, calm.index(vectors(1)).get(20, TimeUnit.SECONDS).size(), "another token is served");
      for (int i = 0; i < 5; i++) {
        assertEquals(2, f.index(vectors(2)).get(0).docs().size(), "the Flow's own calls are never limited");
      }
    }
  }

  @Test
  void aClientDrivesTheControlPlaneOverTheTransport() {
    try (Flow f = withTokens().name("controlled").add("worker", TestExecutors.PathTagger::new).build().start()) {
      try (dev.jflow.api.Client c = AuthConformance.client(f, ADMIN_TOKEN)) {
        dev.jflow.api.FlowStatus s = c.status().join();
        assertEquals("controlled", s.flow());
        assertTrue(s.ready());
        c.scale("worker", 2).join();
        assertEquals(2, f.status().pod("worker").ready());
        assertEquals(List.of("worker"), c.reload("work.*").join());
        assertEquals(List.of("worker"), c.index(vectors(1)).join().get(0).docs().get(0).tags().get("path"));
        Exception e = assertThrows(Exception.class, () -> c.scale("nope", 1).join());
        assertTrue(dev.jflow.api.internal.Futures.toFlowException(e).getMessage().contains("has no pod 'nope'"), e.toString());
      }
    }
  }

  @Test
  void anUnknownGatewayOptionOfTheTransportIsRefusedListingItsOptions() {
    String unknown = protocol() + ".no_such_option";
    FlowBuilder<Flow> b = flow();
    FlowException e = assertThrows(FlowException.class, () -> b.gateway(b.spec().gateway().withOption(unknown, "1")).add().build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("unknown gateway option '" + unknown + "'; the " + protocol() + " transport "), e.getMessage());
  }

  @Test
  void aSecondGatewayInProcessServesTheSamePods() {
    org.junit.jupiter.api.Assumptions.assumeFalse(protocol().equals("inprocess"), "one gateway per protocol");
    try (Flow f = flow().protocols(protocol(), "inprocess").add("indexer", TestExecutors.MemoryIndexer::new)
        .authenticator(dev.jflow.api.spi.BearerTokens.builder().adminTokens(dev.jflow.api.Secret.of(ADMIN_TOKEN)).build())
        .build().start()) {
      List<dev.jflow.api.GatewayAddress> gateways = f.async().gatewayAddresses();
      assertEquals(List.of(protocol(), "inprocess"), gateways.stream().map(dev.jflow.api.GatewayAddress::protocol).toList());
      f.index(vectors(5)); // through the first gateway: this transport
      try (dev.jflow.api.Client c = dev.jflow.api.Client.connect(dev.jflow.api.ClientConfig.builder().protocol("inprocess")
          .host(gateways.get(1).host()).token(ADMIN_TOKEN).build())) { // the admin token sees the status's details
        List<Response> found = c.search(List.of(Document.withId("q").embedding(NdArray.of(new float[] {3, 3, 3, 3}))), 1).join();
        assertEquals("d3", found.get(0).docs().get(0).matches().get(0).id());
        assertEquals(gateways, c.status().join().gateways());
      }
    }
  }
}
