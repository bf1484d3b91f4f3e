package dev.jflow.core.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.DynamicBatching;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DynamicBatchingTest {
  /** The texts of every executor call, one list per call. */
  private final ConcurrentLinkedQueue<List<String>> calls = new ConcurrentLinkedQueue<>();

  private static DynamicBatching batching(int size, long timeoutMs) {
    return DynamicBatching.builder().preferredBatchSize(size).timeout(Duration.ofMillis(timeoutMs)).build();
  }

  private void record(Request r) {
    List<String> texts = new ArrayList<>();
    r.docs().forEach(d -> texts.add(d.text()));
    calls.add(texts);
  }

  private static Flow flow(PodSpec.Builder pod) {
    return Flow.builder().add(pod.build()).build().start();
  }

  private static CompletableFuture<List<Response>> one(Flow f, String text) {
    return f.async().index(List.of(Document.ofText(text)));
  }

  private static Response answer(CompletableFuture<List<Response>> call) throws Exception {
    List<Response> responses = call.get(20, TimeUnit.SECONDS);
    assertEquals(1, responses.size());
    return responses.get(0);
  }

  @Test
  void concurrentOneDocumentRequestsEachGetTheirOwnDocumentBackFromBatches() throws Exception {
    Executor enc = r -> {
      record(r);
      for (int i = 0; i < r.docs().size(); i++) { // one document replaced, the others changed in place
        Document d = r.docs().get(i);
        if (d.text().endsWith("7")) {
          r.docs().set(i, Document.ofText(d.text()).id(d.id()).tag("echo", "new:" + d.text()));
        } else {
          d.tag("echo", "seen:" + d.text());
        }
      }
    };
    try (Flow f = flow(PodSpec.builder("enc").uses(() -> enc).replicas(2).dynamicBatching(batching(16, 200)))) {
      List<CompletableFuture<List<Response>>> sent = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        sent.add(one(f, "t" + i));
      }
      for (int i = 0; i < 200; i++) {
        Response r = answer(sent.get(i));
        assertEquals(Status.Code.SUCCESS, r.status().code(), r.status().description());
        assertEquals(1, r.docs().size());
        String text = "t" + i;
        assertEquals(text, r.docs().get(0).text());
        assertEquals((text.endsWith("7") ? "new:" : "seen:") + text, r.docs().get(0).tags().get("echo"));
      }
    }
    int executed = calls.stream().mapToInt(List::size).sum();
    int largest = calls.stream().mapToInt(List::size).max().orElse(0);
    assertEquals(200, executed, "each document ran exactly once: " + calls);
    assertTrue(largest > 1, "the executor saw batches: " + calls);
    assertTrue(largest <= 16, "one-document requests fill a batch up to the preferred size: " + calls);
  }

  @Test
  void aFailingBatchFailsOnlyItsOwnRequestsWithTheExecutorsError() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Executor enc = r -> {
      record(r);
      if (r.docs().get(0).text().equals("hold")) {
        release.await(20, TimeUnit.SECONDS);
      }
      for (Document d : r.docs()) {
        if (d.text().equals("boom")) {
          throw new IllegalStateException("cannot encode 'boom'");
        }
        d.tag("echo", d.text());
      }
    };
    try (Flow f = flow(PodSpec.builder("enc").uses(() -> enc).dynamicBatching(batching(4, 30_000)))) {
      List<Document> hold = List.of(Document.ofText("hold"), Document.ofText("hold"), Document.ofText("hold"), Document.ofText("hold"));
      CompletableFuture<List<Response>> held = f.async().index(hold); // as many as the preferred size: runs at once, alone
      await().atMost(10, TimeUnit.SECONDS).until(() -> calls.size() == 1);
      List<String> texts = List.of("a", "b", "boom", "c", "d", "e", "f", "g");
      List<CompletableFuture<List<Response>>> sent = new ArrayList<>();
      for (String t : texts) { // one at a time, so that the batches are [a b boom c] and [d e f g]
        sent.add(one(f, t));
        int waiting = sent.size();
        await().atMost(10, TimeUnit.SECONDS).until(() -> f.status().pod("enc").queued() == waiting);
      }
      release.countDown();
      assertEquals(Status.Code.SUCCESS, answer(held).status().code());
      for (int i = 0; i < texts.size(); i++) {
        Response r = answer(sent.get(i));
        if (i < 4) {
          assertEquals(Status.Code.ERROR, r.status().code(), texts.get(i));
          assertTrue(r.status().description().contains("pod 'enc' failed") && r.status().description().contains("cannot encode 'boom'"),
              r.status().description());
        } else {
          assertEquals(Status.Code.SUCCESS, r.status().code(), r.status().description());
          assertEquals(texts.get(i), r.docs().get(0).tags().get("echo"));
        }
      }
    }
    assertEquals(List.of(List.of("hold", "hold", "hold", "hold"), List.of("a", "b", "boom", "c"), List.of("d", "e", "f", "g")),
        new ArrayList<>(calls));
  }

  @Test
  void theTimeoutBoundsTheWaitOfALoneRequest() throws Exception {
    try (Flow f = flow(PodSpec.builder("enc").uses(() -> this::record).dynamicBatching(batching(1000, 100)))) {
      assertEquals(Status.Code.SUCCESS, answer(one(f, "alone")).status().code());
    }
    assertEquals(List.of(List.of("alone")), new ArrayList<>(calls));
  }

  @Test
  void anExecutorThatChangesTheNumberOfDocumentsFailsTheBatchNamingPodAndCounts() throws Exception {
    Executor adds = r -> {
      record(r);
      r.docs().add(Document.ofText("extra"));
    };
    try (Flow f = flow(PodSpec.builder("grow").uses(() -> adds).dynamicBatching(batching(2, 30_000)))) {
      CompletableFuture<List<Response>> x = one(f, "x");
      CompletableFuture<List<Response>> y = one(f, "y");
      for (CompletableFuture<List<Response>> call : List.of(x, y)) {
        Response r = answer(call);
        assertEquals(Status.Code.INTERNAL, r.status().code(), r.status().description());
        assertTrue(r.status().description().contains("pod 'grow' changed the number of documents of a dynamic batch of 2 requests:"
            + " it was handed 2 and returned 3"), r.status().description());
        assertEquals(1, r.docs().size(), "the request keeps its own document");
      }
    }
    assertEquals(1, calls.size(), "the two requests ran as one batch: " + calls);
  }

  @Test
  void requestsWithDifferentParametersAreNotMerged() throws Exception {
    ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    Executor ranker = r -> {
      int k = r.topK(-1);
      seen.add(r.docs().size() + "@" + k);
      r.docs().forEach(d -> d.tag("k", k));
    };
    try (Flow f = flow(PodSpec.builder("rank").uses(() -> ranker).dynamicBatching(batching(2, 30_000)))) {
      List<CompletableFuture<List<Response>>> sent = new ArrayList<>();
      int[] ks = {3, 5, 3, 5};
      for (int k : ks) {
        sent.add(f.async().search(Inputs.of(List.of(Document.ofText("q"))), CallOptions.builder().topK(k).build()));
      }
      for (int i = 0; i < ks.length; i++) {
        Response r = answer(sent.get(i));
        assertEquals(Status.Code.SUCCESS, r.status().code(), r.status().description());
        assertEquals(ks[i], ((Number) r.docs().get(0).tags().get("k")).intValue());
      }
    }
    assertEquals(List.of("2@3", "2@5"), seen.stream().sorted().toList(), "each batch holds one top_k");
  }

  @Test
  void aQueueAtItsLimitRunsItsBatchOnAnIdleReplicaInsteadOfWaitingOrRefusing() throws Exception {
    try (Flow f = flow(PodSpec.builder("narrow").uses(() -> this::record).maxQueue(2).dynamicBatching(batching(10, 30_000)))) {
      CompletableFuture<List<Response>> first = one(f, "1");
      await().atMost(10, TimeUnit.SECONDS).until(() -> f.status().pod("narrow").queued() == 1);
      CompletableFuture<List<Response>> second = one(f, "2"); // the queue is full: waiting longer could only refuse the next
      assertEquals(Status.Code.SUCCESS, answer(first).status().code(), "ran long before the 30 s timeout");
      assertEquals(Status.Code.SUCCESS, answer(second).status().code());
      CompletableFuture<List<Response>> third = one(f, "3");
      CompletableFuture<List<Response>> fourth = one(f, "4");
      assertEquals(Status.Code.SUCCESS, answer(third).status().code());
      assertEquals(Status.Code.SUCCESS, answer(fourth).status().code());
    }
    assertEquals(List.of(List.of("1", "2"), List.of("3", "4")), calls.stream().map(c -> c.stream().sorted().toList()).toList(),
        "a batch each time the queue filled (3 and 4 were sent at once: either may arrive first)");
  }

  @Test
  void aFullQueueIsRefusedWhileEveryReplicaIsBusyWithoutSendingTheCallerToAFreeReplica() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Executor enc = r -> {
      record(r);
      if (r.docs().get(0).text().equals("hold")) {
        release.await(20, TimeUnit.SECONDS);
      }
    };
    try (Flow f = flow(PodSpec.builder("narrow").uses(() -> enc).maxQueue(2).dynamicBatching(batching(2, 30_000)))) {
      CompletableFuture<List<Response>> held = f.async().index(List.of(Document.ofText("hold"), Document.ofText("hold")));
      await().atMost(10, TimeUnit.SECONDS).until(() -> calls.size() == 1);
      CompletableFuture<List<Response>> first = one(f, "1");
      await().atMost(10, TimeUnit.SECONDS).until(() -> f.status().pod("narrow").queued() == 1);
      CompletableFuture<List<Response>> second = one(f, "2");
      await().atMost(10, TimeUnit.SECONDS).until(() -> f.status().pod("narrow").queued() == 2);
      FlowException refused = Await.failure(one(f, "3"), Duration.ofSeconds(10));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.code());
      assertTrue(refused.getMessage().contains("2 requests already wait for their dynamic batch while every replica is busy, its"
          + " limit (max_queue 2)"), refused.getMessage());
      assertFalse(first.isDone() || second.isDone(), "the accepted requests still wait");
      release.countDown();
      for (CompletableFuture<List<Response>> call : List.of(held, first, second)) {
        assertEquals(Status.Code.SUCCESS, answer(call).status().code());
      }
    }
    assertEquals(List.of(List.of("hold", "hold"), List.of("1", "2")), new ArrayList<>(calls));
  }

  @Test
  void aRemotePodGetsEachBatchAsOneRequestAndHandsEachCallerItsOwnDocuments() throws Exception {
    Executor far = r -> {
      record(r);
      r.docs().forEach(d -> d.tag("echo", d.text()));
    };
    try (Flow remote = Flow.builder().name("far").protocol("inprocess").add(PodSpec.builder("enc").uses(() -> far).build()).build()
        .start()) {
      String address = "inprocess://" + remote.async().gatewayAddresses().get(0).host() + ":1";
      try (Flow f = flow(PodSpec.builder("enc").uses(address).dynamicBatching(batching(4, 30_000)))) {
        List<CompletableFuture<List<Response>>> sent = new ArrayList<>();
        for (String t : List.of("a", "b", "c", "d")) {
          sent.add(one(f, t));
        }
        for (int i = 0; i < 4; i++) {
          Response r = answer(sent.get(i));
          assertEquals(Status.Code.SUCCESS, r.status().code(), r.status().description());
          assertEquals(List.of("a", "b", "c", "d").get(i), r.docs().get(0).tags().get("echo"));
        }
      }
    }
    assertEquals(1, calls.size(), "the remote executor got the four requests as one: " + calls);
    assertEquals(List.of("a", "b", "c", "d"), calls.peek().stream().sorted().toList());
  }

  @Test
  void aLoneRequestIsHeldToTheRuleOfEveryBatch() throws Exception {
    Executor adds = r -> r.docs().add(Document.ofText("extra"));
    try (Flow f = flow(PodSpec.builder("grow").uses(() -> adds).dynamicBatching(batching(2, 0)))) {
      Response alone = answer(one(f, "x"));
      assertEquals(Status.Code.INTERNAL, alone.status().code(), "works alone, fails under load, would be worse");
      assertTrue(alone.status().description().contains("pod 'grow' changed the number of documents of a dynamic batch of 1 request:"
          + " it was handed 1 and returned 2"), alone.status().description());
      Response full = answer(f.async().index(List.of(Document.ofText("y"), Document.ofText("z"))));
      assertEquals(Status.Code.INTERNAL, full.status().code(), "a request of the preferred size runs alone, by the same rule");
    }
  }

  @Test
  void aFailedSearchBatchRunsEachQueryAloneSoOnlyTheBadOneFails() throws Exception {
    Executor enc = r -> {
      record(r);
      for (Document d : r.docs()) {
        if (d.text().equals("boom")) {
          throw new IllegalStateException("cannot encode 'boom'");
        }
        d.tag("echo", d.text());
      }
    };
    try (Flow f = flow(PodSpec.builder("enc").uses(() -> enc).dynamicBatching(batching(3, 30_000)))) {
      List<String> texts = List.of("a", "boom", "c");
      List<CompletableFuture<List<Response>>> sent = new ArrayList<>();
      for (String t : texts) {
        sent.add(f.async().search(Inputs.of(List.of(Document.ofText(t))), CallOptions.builder().topK(1).build()));
      }
      for (int i = 0; i < texts.size(); i++) {
        Response r = answer(sent.get(i));
        if (texts.get(i).equals("boom")) {
          assertEquals(Status.Code.ERROR, r.status().code());
          assertTrue(r.status().description().contains("cannot encode 'boom'"), r.status().description());
        } else {
          assertEquals(Status.Code.SUCCESS, r.status().code(), "another caller's bad query fails only its own: " + r.status());
          assertEquals(texts.get(i), r.docs().get(0).tags().get("echo"));
        }
      }
    }
    List<List<String>> ran = new ArrayList<>(calls);
    assertEquals(4, ran.size(), "the batch, then each query alone once: " + ran);
    assertEquals(List.of("a", "boom", "c"), ran.get(0).stream().sorted().toList());
    assertEquals(List.of(List.of("a"), List.of("boom"), List.of("c")), ran.subList(1, 4).stream().sorted((x, y) -> x.get(0).compareTo(y.get(0))).toList());
  }

  @Test
  void eachRequestOfAFailedBatchGetsAnExceptionOfItsOwnCausedByTheExecutors() throws Exception {
    IllegalStateException thrown = new IllegalStateException("disk full");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    ReplicaGroup group = new ReplicaGroup("flow", "idx", "", 0, 1, pool, 100, 1L << 20, dev.jflow.api.spi.Telemetry.none(),
        batching(2, 30_000));
    try {
      group.open(() -> r -> {
        record(r);
        throw thrown;
      }, new dev.jflow.api.JsonMap(), 1).get(10, TimeUnit.SECONDS);
      CompletableFuture<ReplicaGroup.Served> a = submit(group, "a", () -> false);
      CompletableFuture<ReplicaGroup.Served> b = submit(group, "b", () -> false);
      Throwable fa = Await.failure(a, Duration.ofSeconds(10));
      Throwable fb = Await.failure(b, Duration.ofSeconds(10));
      assertTrue(fa != fb, "no request holds another's exception");
      assertEquals(thrown, fa.getCause());
      assertEquals(thrown, fb.getCause());
      assertTrue(fa.getMessage().contains("disk full"), fa.getMessage());
      assertEquals(List.of(List.of("a", "b")), new ArrayList<>(calls), "a write is not repeated: the batch fails as one");
    } finally {
      group.close().get(10, TimeUnit.SECONDS);
      pool.shutdown();
    }
  }

  @Test
  void closingRunsWhatWaitsForItsBatchAtOnce() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    ReplicaGroup group = new ReplicaGroup("flow", "enc", "", 0, 1, pool, 100, 1L << 20, dev.jflow.api.spi.Telemetry.none(),
        batching(3, 60_000));
    try {
      group.open(() -> this::record, new dev.jflow.api.JsonMap(), 1).get(10, TimeUnit.SECONDS);
      CompletableFuture<ReplicaGroup.Served> a = submit(group, "a", () -> false);
      CompletableFuture<Void> closed = group.close();
      assertTrue(a.get(10, TimeUnit.SECONDS).ran(), "ran at close, not after the 60 s timeout");
      closed.get(10, TimeUnit.SECONDS);
      assertEquals(List.of(List.of("a")), new ArrayList<>(calls));
    } finally {
      group.close().get(10, TimeUnit.SECONDS);
      pool.shutdown();
    }
  }

  @Test
  void aQueueEmptiedOfRequestsWhoseCallersGaveUpLeavesNoTimer() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    ReplicaGroup group = new ReplicaGroup("flow", "enc", "", 0, 1, pool, 100, 1L << 20, dev.jflow.api.spi.Telemetry.none(),
        batching(3, 60_000));
    try {
      group.open(() -> this::record, new dev.jflow.api.JsonMap(), 1).get(10, TimeUnit.SECONDS);
      int before = dev.jflow.api.internal.Timers.pending();
      java.util.concurrent.atomic.AtomicBoolean gaveUp = new java.util.concurrent.atomic.AtomicBoolean();
      CompletableFuture<ReplicaGroup.Served> a = submit(group, "a", gaveUp::get);
      assertEquals(before + 1, dev.jflow.api.internal.Timers.pending(), "a waits for its batch's timer");
      gaveUp.set(true);
      group.scale(2).get(10, TimeUnit.SECONDS); // a new replica looks at the queue and drops a
      assertFalse(a.get(10, TimeUnit.SECONDS).ran());
      assertEquals(before, dev.jflow.api.internal.Timers.pending(), "nothing waits: the 60 s timer went with a");
    } finally {
      group.close().get(10, TimeUnit.SECONDS);
      pool.shutdown();
    }
    assertTrue(calls.isEmpty(), calls.toString());
  }

  @Test
  void theBatchSizeCountsIdsForDeletesAndALoneRequestToo() throws Exception {
    dev.jflow.core.testing.RecordingTelemetry telemetry = dev.jflow.core.testing.RecordingTelemetry.withoutTracing();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    ReplicaGroup group = new ReplicaGroup("flow", "idx", "", 0, 1, pool, 100, 1L << 20, telemetry, batching(8, 0));
    try {
      group.open(() -> this::record, new dev.jflow.api.JsonMap(), 1).get(10, TimeUnit.SECONDS);
      Request delete = Request.builder(dev.jflow.api.RequestType.DELETE).ids(List.of("x", "y", "z")).build();
      assertTrue(group.submit(delete, (e, r) -> e.handleAsync(r), () -> false, delete.estimatedBytes(),
          new Hop(delete.id(), delete.type(), 0, dev.jflow.api.spi.TraceSpan.none())).get(10, TimeUnit.SECONDS).ran());
      assertTrue(submit(group, "a", () -> false).get(10, TimeUnit.SECONDS).ran());
      assertEquals(List.of(3, 1), telemetry.pods("idx").stream().flatMap(p -> p.batches().stream()).toList(),
          "a delete of 3 ids, then a lone request of one document");
    } finally {
      group.close().get(10, TimeUnit.SECONDS);
      pool.shutdown();
    }
  }

  @Test
  void eachRequestIsMeteredAsItselfAndEachBatchReportsItsSize() throws Exception {
    dev.jflow.core.testing.RecordingTelemetry telemetry = dev.jflow.core.testing.RecordingTelemetry.withoutTracing();
    try (Flow f = Flow.builder().name("metered").telemetry(telemetry)
        .add(PodSpec.builder("enc").uses(() -> this::record).dynamicBatching(batching(3, 30_000)).build()).build().start()) {
      List<CompletableFuture<List<Response>>> sent = List.of(one(f, "a"), one(f, "b"), one(f, "c"));
      for (CompletableFuture<List<Response>> call : sent) {
        assertEquals(Status.Code.SUCCESS, answer(call).status().code());
      }
      List<dev.jflow.core.testing.RecordingTelemetry.Finished> finished = telemetry.finished("enc");
      assertEquals(3, finished.size(), "one per request: " + finished);
      assertTrue(finished.stream().allMatch(x -> x.docs() == 1 && x.code() == Status.Code.SUCCESS), finished.toString());
      assertEquals(List.of(3), telemetry.pods("enc").stream().flatMap(p -> p.batches().stream()).toList(), "one batch of 3");
    }
  }

  @Test
  void theBatchSizeIsAMicrometerSummaryOfThePod() throws Exception {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    dev.jflow.api.spi.Telemetry telemetry = dev.jflow.core.FlowTelemetry.builder().meterRegistry(registry).build();
    try (Flow f = Flow.builder().name("metered").telemetry(telemetry)
        .add(PodSpec.builder("enc").uses(() -> this::record).dynamicBatching(batching(2, 30_000)).build())
        .add(PodSpec.builder("plain").build()).build().start()) {
      List<CompletableFuture<List<Response>>> sent = List.of(one(f, "a"), one(f, "b"));
      for (CompletableFuture<List<Response>> call : sent) {
        assertEquals(Status.Code.SUCCESS, answer(call).status().code());
      }
      io.micrometer.core.instrument.DistributionSummary size = registry.find("jflow.pod.batch.size").tag("pod", "enc").summary();
      assertEquals(1, size.count());
      assertEquals(2.0, size.totalAmount());
      assertEquals(null, registry.find("jflow.pod.batch.size").tag("pod", "plain").summary(), "a pod without batching shows none");
    }
  }

  @Test
  void aRequestWhoseCallerGaveUpIsLeftOutOfItsBatch() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    ReplicaGroup group = new ReplicaGroup("flow", "enc", "", 0, 1, pool, 100, 1L << 20, dev.jflow.api.spi.Telemetry.none(),
        batching(3, 30_000));
    try {
      group.open(() -> this::record, new dev.jflow.api.JsonMap(), 1).get(10, TimeUnit.SECONDS);
      java.util.concurrent.atomic.AtomicBoolean gaveUp = new java.util.concurrent.atomic.AtomicBoolean();
      CompletableFuture<ReplicaGroup.Served> a = submit(group, "a", gaveUp::get);
      CompletableFuture<ReplicaGroup.Served> b = submit(group, "b", () -> false);
      gaveUp.set(true);
      CompletableFuture<ReplicaGroup.Served> c = submit(group, "c", () -> false); // a left: b and c are not enough yet
      assertFalse(a.get(10, TimeUnit.SECONDS).ran(), "the request whose caller gave up was dropped");
      assertFalse(b.isDone() || c.isDone(), "b and c still wait for a third");
      CompletableFuture<ReplicaGroup.Served> d = submit(group, "d", () -> false);
      for (CompletableFuture<ReplicaGroup.Served> ran : List.of(b, c, d)) {
        assertTrue(ran.get(10, TimeUnit.SECONDS).ran());
      }
      assertEquals(List.of(List.of("b", "c", "d")), new ArrayList<>(calls));
    } finally {
      group.close().get(10, TimeUnit.SECONDS);
      pool.shutdown();
    }
  }

  @Test
  void aRequestPastItsDeadlineIsNotExecutedInTheBatchThatFormsAfter() throws Exception {
    try (Flow f = flow(PodSpec.builder("enc").uses(() -> this::record).dynamicBatching(batching(3, 30_000)))) {
      CompletableFuture<List<Response>> late = f.async().index(Inputs.of(List.of(Document.ofText("late"))),
          CallOptions.builder().timeout(Duration.ofMillis(200)).build());
      FlowException expired = Await.failure(late, Duration.ofSeconds(10));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, expired.code(), expired.getMessage());
      CompletableFuture<List<Response>> x = one(f, "x");
      CompletableFuture<List<Response>> y = one(f, "y");
      CompletableFuture<List<Response>> z = one(f, "z"); // x, y and z fill the batch the expired request waited for
      for (CompletableFuture<List<Response>> call : List.of(x, y, z)) {
        assertEquals(Status.Code.SUCCESS, answer(call).status().code());
      }
    }
    assertEquals(1, calls.size(), "one batch: " + calls);
    assertEquals(List.of("x", "y", "z"), calls.peek().stream().sorted().toList(), "the expired request was left out");
  }

  private static CompletableFuture<ReplicaGroup.Served> submit(ReplicaGroup group, String text, java.util.function.BooleanSupplier abandoned) {
    Request r = Request.of(dev.jflow.api.RequestType.INDEX, List.of(Document.ofText(text)));
    return group.submit(r, (e, merged) -> e.handleAsync(merged), abandoned, r.estimatedBytes(),
        new Hop(r.id(), r.type(), 1, dev.jflow.api.spi.TraceSpan.none()));
  }
}
