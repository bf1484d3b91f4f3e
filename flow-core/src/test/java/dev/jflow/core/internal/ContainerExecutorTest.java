package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.ContainerOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.JsonMap;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.spi.ContainerEngine;
import dev.jflow.api.spi.ContainerRequest;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.spi.RunningContainer;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.core.testing.TestExecutors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A replica in a container, with an engine whose "containers" are Flows served in-process: what the
 * engine is asked for, and what happens when the container serves, stops, or never serves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContainerExecutorTest {
  private static final PodSpec POD = PodSpec.builder("enc").uses("docker://jflow/enc:1").with("dim", 8).replicas(2)
      .container(ContainerOptions.builder().usesInternal("HashingTextEncoder").env("MODE", "fast").volume("models:/models:ro")
          .network("backend").build()).build();

  /** Starts each "container" as an in-process Flow (or, with {@code serve} false, nothing that answers). */
  static final class FakeEngine implements ContainerEngine {
    final boolean serve;
    final boolean running;
    volatile ContainerRequest request;
    final AtomicInteger closed = new AtomicInteger();
    /** When set, start() waits for it (a container still being created) after saying so on {@link #starting}. */
    volatile java.util.concurrent.CountDownLatch release;
    final java.util.concurrent.CountDownLatch starting = new java.util.concurrent.CountDownLatch(1);

    FakeEngine(boolean serve, boolean running) {
      this.serve = serve;
      this.running = running;
    }

    @Override
    public String name() {
      return "docker";
    }

    @Override
    public RunningContainer start(ContainerRequest r) {
      request = r;
      starting.countDown();
      if (release != null) {
        try {
          assertTrue(release.await(30, TimeUnit.SECONDS), "the test released the start");
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      // the "container" takes data only with the token its environment names, as jflow pod does
      Flow flow = serve ? Flow.builder().name("far-" + System.nanoTime()).protocol("inprocess")
          .authenticator(dev.jflow.api.spi.BearerTokens.builder().dataTokens(dev.jflow.api.Secret.of(r.env().get("JFLOW_DATA_TOKENS")))
              .build())
          .add("tagger", TestExecutors.PathTagger::new).build().start() : null;
      String host = flow == null ? "nobody-" + System.nanoTime() : flow.async().gatewayAddresses().get(0).host();
      return new RunningContainer() {
        @Override
        public String id() {
          return "c1";
        }

        @Override
        public String name() {
          return r.name() + "-c1";
        }

        @Override
        public String host() {
          return host;
        }

        @Override
        public int port() {
          return 1; // the in-process transport finds its gateway by name
        }

        @Override
        public boolean isRunning() {
          return running && closed.get() == 0;
        }

        @Override
        public String describe() {
          return "container c1 exited with code 3; its last 1 log lines:\n  ClassNotFoundException: NoSuchEncoder";
        }

        @Override
        public void close() {
          if (closed.incrementAndGet() == 1 && flow != null) {
            flow.close();
          }
        }
      };
    }
  }

  private static ContainerExecutor executor(FakeEngine engine, Duration readyWait) {
    return new ContainerExecutor(engine, "jflow/enc:1", POD, "flow one", new InProcessTransportProvider(), Telemetry.none(), readyWait,
        null);
  }

  @Test
  void startsTheImagesPodWithThePodsSettingsAndServesThroughIt() throws Exception {
    FakeEngine engine = new FakeEngine(true, true);
    ContainerExecutor e = executor(engine, Duration.ofSeconds(30));
    e.open(new ExecutorContext("enc", 0, 1, POD.with()));
    ContainerRequest r = engine.request;
    assertEquals("jflow/enc:1", r.image());
    assertEquals(List.of("pod", "--name", "enc", "--port-expose", "8081", "--uses", "HashingTextEncoder", "--uses-with", "{\"dim\":8}"),
        r.command());
    assertEquals(8081, r.port());
    assertEquals(java.util.Set.of("MODE", "JFLOW_DATA_TOKENS"), r.env().keySet());
    assertEquals("fast", r.env().get("MODE"));
    assertTrue(r.env().get("JFLOW_DATA_TOKENS").length() >= 32, "a fresh token the pod takes data with");
    assertEquals(List.of("models:/models:ro"), r.volumes());
    assertEquals("backend", r.network());
    assertEquals("jflow-flow-one-enc", r.name(), "Docker's characters only");
    assertEquals(Map.of("dev.jflow.flow", "flow one", "dev.jflow.pod", "enc", "dev.jflow.replica", "replica-1"), r.labels());

    assertTrue(e.isReady());
    Request request = Request.builder(RequestType.INDEX).docs(List.of(Document.ofText("x"))).build();
    e.handleAsync(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of("tagger"), request.docs().get(0).tags().get("path"), "the container's pod did the work");
    e.close();
    e.close();
    assertEquals(1, engine.closed.get(), "closed once");
    assertFalse(e.isReady());
  }

  @Test
  void aContainerThatStopsFailsTheOpenAtOnceSayingWhyAndIsRemoved() {
    FakeEngine engine = new FakeEngine(false, false);
    ContainerExecutor e = executor(engine, Duration.ofSeconds(30));
    long start = System.nanoTime();
    FlowException f = assertThrows(FlowException.class, () -> e.open(new ExecutorContext("enc", 0, 0, new JsonMap())));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "not the whole ready wait");
    assertTrue(f.getMessage().contains("did not serve: remote pod") && f.getMessage().contains("stopped before it was ready")
        && f.getMessage().contains("exited with code 3")
        && f.getMessage().contains("ClassNotFoundException: NoSuchEncoder"), f.getMessage());
    assertEquals(1, engine.closed.get(), "the container is removed");
    assertEquals(List.of("pod", "--name", "enc", "--port-expose", "8081", "--uses", "HashingTextEncoder"), engine.request.command(),
        "no --uses-with for no arguments");
  }

  @Test
  void aContainerThatNeverServesFailsTheOpenWhenTheWaitIsOver() {
    FakeEngine engine = new FakeEngine(false, true);
    ContainerExecutor e = executor(engine, Duration.ofMillis(1500));
    FlowException f = assertThrows(FlowException.class, () -> e.open(new ExecutorContext("enc", 0, 0, new JsonMap())));
    assertTrue(f.getMessage().contains("did not serve within 1500 ms") && f.getMessage().contains("is unreachable")
        && f.getMessage().contains("exited with code 3"), f.getMessage());
    assertEquals(1, engine.closed.get());
  }

  @Test
  void aCloseWhileTheContainerStartsReturnsOnlyOnceTheContainerIsRemoved() throws Exception {
    FakeEngine engine = new FakeEngine(true, true);
    engine.release = new java.util.concurrent.CountDownLatch(1);
    ContainerExecutor e = executor(engine, Duration.ofSeconds(30));
    java.util.concurrent.CompletableFuture<Void> opening = java.util.concurrent.CompletableFuture.runAsync(() -> {
      try {
        e.open(new ExecutorContext("enc", 0, 0, new JsonMap()));
      } catch (InterruptedException x) {
        throw new IllegalStateException(x);
      }
    });
    assertTrue(engine.starting.await(10, TimeUnit.SECONDS));
    java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture.runAsync(e::close);
    org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !closing.isDone());
    engine.release.countDown(); // the engine's start returns now, after the close began
    closing.get(20, TimeUnit.SECONDS);
    assertEquals(1, engine.closed.get(), "the container was removed before close() returned");
    java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> opening.get(10, TimeUnit.SECONDS));
    assertEquals(dev.jflow.api.Status.Code.UNAVAILABLE, ((FlowException) failed.getCause()).code(), failed.toString());
    assertFalse(e.isReady());
  }
}
