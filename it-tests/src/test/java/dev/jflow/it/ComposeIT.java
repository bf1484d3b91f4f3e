package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flow of {@code compose-flow.yml} (an encoder with two replicas, an indexer of two shards)
 * exported by {@code jflow export compose} and run by {@code docker-compose up}: one container per
 * replica and shard, and a gateway published on a port of this machine. The test JVM is a client of
 * that gateway. What a user would see, and this test asserts: documents indexed from the host are
 * found by searching; and when one encoder replica's container is killed in the middle of a long index
 * call (one document per request, 16 in flight), <b>every request is still answered with success</b>
 * (those in flight on the killed container are retried on another address of the service's name, and
 * the gateway's next look-up of the name no longer has it) and every document is indexed exactly once.
 * {@code docker-compose down} removes it all, passed or failed.
 */
@ExtendWith(DockerImageExtension.class)
class ComposeIT {
  private static final Duration READY = Duration.ofSeconds(180);
  /**
   * Compose routes to a container whatever its health (unlike Swarm), so the health checks, a JVM each,
   * run seldom here: two cores are better spent on the stream.
   */
  private static final Duration HEALTH = Duration.ofSeconds(30);
  private static final int FIRST = 100;
  /** Answers before the kill: the stream is well under way. */
  private static final int BEFORE_KILL = 200;
  /** After the kill, documents keep coming for at least this long and this many. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(4);
  private static final int MIN_AFTER_KILL = 300;
  /** Bytes an encoder container sends answering a hundred requests or so, probes alone a few minutes (see {@link SwarmIT}). */
  private static final long SERVED_BYTES = 64 * 1024;

  @BeforeAll
  static void composeIsThere() {
    String problem = ComposeProject.problem();
    if (problem != null) {
      System.err.println("jflow-it: skipping ComposeIT: " + problem + ". Run scripts/ensure-compose.sh as root (./run-tests does).");
    }
    Assumptions.assumeTrue(problem == null, () -> "docker-compose is not usable: " + problem
        + ". Run scripts/ensure-compose.sh as root (./run-tests does)");
  }

  @Test
  void indexAndSearchFromTheHostAndSurviveAKilledReplica(JflowImage image, @TempDir Path dir) throws Exception {
    ComposeExport export = ComposeExport.of("compose-flow.yml", image, dir, Ports.free(), HEALTH);
    try (ComposeProject project = ComposeProject.up(export)) {
      try {
        run(export, project);
      } catch (Throwable t) { // what the services said, before down removes them
        System.out.println("ComposeIT failed; the services said:\n" + project.logs());
        throw t;
      }
    }
  }

  private void run(ComposeExport export, ComposeProject project) throws Exception {
    export.awaitReady(READY, project::logs);
    try (Client client = Client.connect("grpc", "127.0.0.1", export.port)) {
      List<Response> indexed = client.index(Inputs.of(Corpus.docs(0, FIRST)), CallOptions.builder().requestSize(10).build())
          .get(60, TimeUnit.SECONDS);
      indexed.forEach(r -> assertFalse(r.isError(), () -> "index failed: " + r.status()));
      List<Integer> all = IntStream.range(0, FIRST).boxed().toList();
      Corpus.assertFound(client.search(Inputs.of(Corpus.queries(0, FIRST)), CallOptions.builder().topK(2).requestSize(10).build())
          .get(60, TimeUnit.SECONDS), all, 2);

      List<String> encoders = project.running("encoder");
      assertEquals(2, encoders.size(), () -> "two encoder containers run: " + encoders);
      long[] base = {Docker.transmitted(encoders.get(0)), Docker.transmitted(encoders.get(1))};
      RequestStream stream = RequestStream.start(client, RequestType.INDEX, i -> Corpus.doc(FIRST + i), CallOptions.builder(),
          r -> { });
      stream.awaitAnswered(BEFORE_KILL, Duration.ofSeconds(60));
      // both replicas take requests (per request, not per connection), so the kill hits one that is serving
      stream.await("both encoder containers serving (" + SERVED_BYTES + " bytes sent each)", Duration.ofSeconds(60),
          Duration.ofSeconds(1), () -> Math.min(Docker.transmitted(encoders.get(0)) - base[0],
              Docker.transmitted(encoders.get(1)) - base[1]), sent -> sent >= SERVED_BYTES);
      String victim = encoders.get(0);
      Docker.kill(victim);
      int atKill = stream.answered();
      long killed = System.nanoTime();
      stream.await(MIN_AFTER_KILL + " answers and " + AFTER_KILL.toSeconds() + " s after the kill", Duration.ofSeconds(60),
          () -> stream.answered() >= atKill + MIN_AFTER_KILL && System.nanoTime() - killed > AFTER_KILL.toNanos());
      Throwable failure = stream.finish();
      int n = stream.generated();
      System.out.printf("ComposeIT: %d documents, one per request; killed encoder container %s after %d answers; %d more after%n",
          n, victim.substring(0, 12), atKill, n - atKill);

      assertTrue(failure == null && stream.failures().isEmpty(), () -> "every request is answered with success, those in "
          + "flight on the killed container being retried on the other; call failure: " + failure + "; failed requests: "
          + stream.failures());
      assertEquals(n, stream.answered(), "one answer per request");

      List<Integer> streamed = IntStream.range(FIRST, FIRST + n).boxed().toList();
      List<Response> found = new ArrayList<>();
      for (int from = FIRST; from < FIRST + n; from += 500) {
        found.addAll(client.search(Inputs.of(Corpus.queries(from, Math.min(from + 500, FIRST + n))),
            CallOptions.builder().topK(2).requestSize(50).build()).get(120, TimeUnit.SECONDS));
      }
      Corpus.assertFound(found, streamed, 2);
      assertIndexedOnce(found);
    }
  }

  /** Each query's two best matches are two documents: one indexed twice (on both shards) would be both. */
  private static void assertIndexedOnce(List<Response> found) {
    List<String> twice = new ArrayList<>();
    for (Response r : found) {
      for (Document q : r.docs()) {
        if (q.matches().size() == 2 && q.matches().get(0).id().equals(q.matches().get(1).id())) {
          twice.add(q.matches().get(0).id());
        }
      }
    }
    assertTrue(twice.isEmpty(), () -> twice.size() + " documents are indexed more than once: " + twice);
  }
}
