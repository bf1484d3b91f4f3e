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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same exported Compose file as {@link ComposeIT}, deployed to a single-node Swarm with
 * {@code docker stack deploy}, then the encoder scaled from two replicas to three with
 * {@code docker service scale} while a stream of searches runs (one query per request, 16 in flight).
 * What a user would see, and this test asserts: <b>every search is answered</b>, each with its document
 * first, and <b>the new replica takes a share of the requests</b> without the gateway being restarted
 * (Swarm adds a task to the service's DNS name once its health check passes; the gateway looks the name
 * up again every 2 s and balances each request over every address).
 *
 * <p>How the test sees that the new replica serves: the bytes its container sends over the network,
 * from the engine's stats. An encoder answers each search with the query's embedding (512 bytes of
 * floats, plus the document), while an idle one sends only the answers to the gateway's status probes
 * (about 400 bytes a second; its health check's {@code jflow ping} runs on the loopback interface, which
 * the stats leave out). So {@value #SERVED_BYTES} bytes sent is a few hundred requests served, which
 * probes alone would take minutes to send. The pod's own status would say how many requests it served,
 * but only to an admin, and the exported pods have no token; nor does any pod log a line per request.
 */
@ExtendWith(DockerImageExtension.class)
class SwarmIT {
  /** Swarm puts a pod in DNS only once healthy, and the gateway restarts until it finds them all. */
  private static final Duration READY = Duration.ofSeconds(240);
  /** How often the health checks run; each starts a JVM, which two cores cannot afford much more often. */
  private static final Duration HEALTH = Duration.ofSeconds(5);
  private static final int DOCS = 50;
  private static final int BEFORE_SCALE = 100;
  private static final long SERVED_BYTES = 128 * 1024;

  @Test
  void aScaledServiceIsUsedWhileSearchesGoOn(JflowImage image, @TempDir Path dir) throws Exception {
    SingleNodeSwarm swarm;
    try {
      swarm = SingleNodeSwarm.open();
    } catch (IllegalStateException e) {
      System.err.println("jflow-it: skipping SwarmIT: " + e.getMessage());
      Assumptions.abort("Swarm is not usable here: " + e.getMessage());
      return;
    }
    try (swarm) {
      ComposeExport export = ComposeExport.of("compose-flow.yml", image, dir, Ports.free(), HEALTH);
      try (SwarmStack stack = SwarmStack.deploy(export)) {
        export.awaitReady(READY, stack::logs);
        try (Client client = Client.connect("grpc", "127.0.0.1", export.port)) {
          client.index(Inputs.of(Corpus.docs(0, DOCS)), CallOptions.builder().requestSize(10).build()).get(60, TimeUnit.SECONDS)
              .forEach(r -> assertFalse(r.isError(), () -> "index failed: " + r.status()));
          Corpus.assertFound(client.search(Inputs.of(Corpus.queries(0, DOCS)), CallOptions.builder().topK(2).build())
              .get(60, TimeUnit.SECONDS), IntStream.range(0, DOCS).boxed().toList(), 2);

          List<String> before = stack.running("encoder");
          assertEquals(2, before.size(), () -> "two encoder tasks run: " + before);
          RequestStream stream = RequestStream.start(client, RequestType.SEARCH,
              i -> Document.ofText(Corpus.text(i % DOCS)).id("q-" + i), CallOptions.builder().topK(1), SwarmIT::checkFirstMatch);
          stream.awaitAnswered(BEFORE_SCALE, Duration.ofSeconds(60));
          long scaled = System.nanoTime();
          stack.scale("encoder", 3);
          String added = stream.await("a third encoder task, healthy", Duration.ofSeconds(120), Duration.ofSeconds(1),
              () -> stack.running("encoder").stream().filter(c -> !before.contains(c) && Docker.health(c).equals("healthy")).findFirst(),
              Optional::isPresent).orElseThrow();
          double healthy = (System.nanoTime() - scaled) / 1e9;
          long addedBase = Docker.transmitted(added);
          long oldBase = Docker.transmitted(before.get(0));
          long sent = stream.await("the new replica serving (" + SERVED_BYTES + " bytes sent)", Duration.ofSeconds(90),
              Duration.ofSeconds(1), () -> Docker.transmitted(added) - addedBase, b -> b >= SERVED_BYTES);
          double serving = (System.nanoTime() - scaled) / 1e9;
          long oldSent = Docker.transmitted(before.get(0)) - oldBase;
          Throwable failure = stream.finish();
          System.out.printf(Locale.ROOT, "SwarmIT: %d searches, one per request; the third encoder (%s) healthy %.1f s after "
              + "docker service scale, serving at %.1f s (it sent %d bytes while an old replica sent %d)%n", stream.generated(),
              added.substring(0, 12), healthy, serving, sent, oldSent);

          assertTrue(failure == null && stream.failures().isEmpty(), () -> "every search is answered with its document first "
              + "while the service scales; call failure: " + failure + "; failed requests: " + stream.failures());
          assertEquals(stream.generated(), stream.answered(), "one answer per request");
          // per request, not per connection: over the same time the new replica does about as much as an old one
          assertTrue(sent * 4 >= oldSent, () -> "the new replica takes a fair share: it sent " + sent + " bytes while an old "
              + "replica sent " + oldSent);
        }
      }
    }
  }

  /** Query {@code q-i} was document {@code i % DOCS}'s text: that document must be its match. */
  private static void checkFirstMatch(Response r) {
    for (Document q : r.docs()) {
      String expected = "doc-" + Corpus.number(q.id()) % DOCS;
      if (q.matches().isEmpty() || !q.matches().get(0).id().equals(expected)) {
        throw new AssertionError(q.id() + " matched " + q.matches().stream().map(Document::id).toList() + ", not " + expected);
      }
    }
  }
}
