package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.lifecycle.Startables;

/**
 * Scenario 3: the container of one of a pod's two remote replicas is killed (SIGKILL) in the middle
 * of a long index call (one document per request, 16 in flight, a 60 s deadline).
 *
 * <p>What happens, and what this test asserts: a request in flight on the killed replica fails there
 * with UNAVAILABLE and the pod retries it once on the surviving replica; requests sent after the kill
 * go to the surviving replica (the dead one is not ready until a probe finds it again). So <b>every
 * request of the call succeeds</b> — none fails, not even with a clear status — and every document
 * is indexed once. The call ends well before its deadline; after the kill only the surviving replica
 * serves; the Flow stays ready (the pod has a ready replica) and later index and search calls work.
 */
@ExtendWith(DockerImageExtension.class)
class ReplicaKilledIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  /** Responses before the kill: the stream is well under way, both replicas serving. */
  private static final int BEFORE_KILL = 200;
  /** After the kill, documents keep coming for at least this long and this many. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(2);
  private static final int MIN_AFTER_KILL = 300;
  private static final int MAX_DOCS = 50_000;

  @Test
  void inFlightRequestsAreRetriedOnTheSurvivingReplica(JflowImage image) throws Exception {
    Map<String, Object> dim = Map.of("dim", Corpus.DIM);
    try (JflowContainer survivor = JflowContainer.pod(image, "encoder-survivor", "encoder", "HashingTextEncoder", dim);
         JflowContainer victim = JflowContainer.pod(image, "encoder-victim", "encoder", "HashingTextEncoder", dim)) {
      Startables.deepStart(survivor, victim).join();

      try (Flow flow = Flow.builder().name("replica-killed").protocol("grpc").host("127.0.0.1")
          .add(PodSpec.builder("encoder").uses(survivor.grpcAddress() + "," + victim.grpcAddress()).replicas(2).build())
          .add("indexer", "VectorIndexer")
          .build().start()) {
        AtomicInteger generated = new AtomicInteger();
        AtomicReference<Instant> killedAt = new AtomicReference<>();
        AtomicInteger generatedAtKill = new AtomicInteger(-1);
        Inputs input = Inputs.generate(() -> {
          int i = generated.get();
          Instant k = killedAt.get();
          boolean enough = k != null && i - generatedAtKill.get() >= MIN_AFTER_KILL && Instant.now().isAfter(k.plus(AFTER_KILL));
          if (enough || i >= MAX_DOCS) {
            return null;
          }
          generated.incrementAndGet();
          return Corpus.doc(i);
        });

        AtomicInteger answered = new AtomicInteger();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Queue<Route> encoderRoutes = new ConcurrentLinkedQueue<>();
        Set<String> indexedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch underWay = new CountDownLatch(BEFORE_KILL);
        CallOptions options = CallOptions.builder().requestSize(1).prefetch(16).returnResults(false).timeout(DEADLINE)
            .onAlways(r -> {
              answered.incrementAndGet();
              if (r.isError()) {
                failures.add(r.requestId() + ": " + r.status());
              }
              r.docs().forEach(d -> indexedIds.add(d.id()));
              r.routes().stream().filter(route -> route.pod().equals("encoder")).forEach(encoderRoutes::add);
              underWay.countDown();
            }).build();

        long start = System.nanoTime();
        CompletableFuture<List<Response>> call = flow.async().index(input, options);
        assertTrue(underWay.await(30, TimeUnit.SECONDS), () -> "the index call did not get going: " + answered + " answers");
        victim.kill();
        generatedAtKill.set(generated.get());
        killedAt.set(Instant.now());
        Throwable callFailure = null;
        try {
          call.get(DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          fail("the index call hung past its " + DEADLINE.toSeconds() + " s deadline: " + answered + " of " + generated + " answered");
        } catch (ExecutionException e) {
          callFailure = e.getCause();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("ReplicaKilledIT: %d documents, one per request, in %.1f s; killed %s after %d; %d answered after the kill%n",
            generated.get(), seconds, victim, generatedAtKill.get(), generated.get() - generatedAtKill.get());

        assertTrue(callFailure == null && failures.isEmpty(), "every request is answered with success, those in flight "
            + "on the killed replica being retried on the survivor; call failure: " + callFailure + "; failed requests: " + failures);
        assertTrue(seconds < DEADLINE.toSeconds(), "the call ends before its deadline, took " + seconds + " s");
        assertEquals(generated.get(), answered.get(), "one answer per request");
        assertEquals(IntStream.range(0, generated.get()).mapToObj(i -> "doc-" + i).collect(Collectors.toSet()), indexedIds,
            "every document comes back indexed");

        Instant settled = killedAt.get().plusSeconds(1);
        Set<String> before = replicas(encoderRoutes, r -> r.end().isBefore(killedAt.get()));
        Set<String> after = replicas(encoderRoutes, r -> r.end().isAfter(settled));
        assertEquals(2, before.size(), () -> "both encoder replicas served before the kill: " + before);
        assertEquals(1, after.size(), () -> "only the surviving replica serves after the kill: " + after);

        assertTrue(flow.status().ready(), () -> "the encoder keeps a ready replica: " + flow.status());
        int n = generated.get();
        List<Response> more = flow.index(Inputs.of(Corpus.docs(n, n + 20)), CallOptions.builder().requestSize(5).build());
        more.forEach(r -> assertFalse(r.isError(), () -> "index after the kill failed: " + r.status()));
        List<Integer> sample = IntStream.concat(IntStream.range(0, 10), IntStream.range(n - 10, n + 20)).boxed().toList();
        List<Document> queries = sample.stream().map(Corpus::query).toList();
        Corpus.assertFound(flow.search(Inputs.of(queries), CallOptions.builder().topK(1).build()), sample, 1);
      }
    }
  }

  private static Set<String> replicas(Queue<Route> routes, java.util.function.Predicate<Route> when) {
    return routes.stream().filter(when).map(Route::podId).collect(Collectors.toCollection(TreeSet::new));
  }
}
