package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Scheduling;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Executor;
import dev.jflow.core.Flows;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A remote pod whose host is a name with several addresses (a Compose or Swarm service, a Kubernetes
 * headless Service), over real gRPC sockets: remote Flows serve on 127.0.0.2, .3 and .4 at one port
 * number (Linux's loopback answers all of 127/8), and the Flow looks the name up with a resolver the test
 * answers for. It lives in transport-grpc, for its sockets, and in flow-core's package, to hand the Flow
 * that resolver.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RemoteNameBalancingTest {
  private static final String A = "127.0.0.2";
  private static final String B = "127.0.0.3";
  private static final String C = "127.0.0.4";

  private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
  private final Map<String, Queue<String>> served = new ConcurrentHashMap<>(); // remote address -> ids it served
  private final List<AutoCloseable> open = new ArrayList<>();
  private int port;

  @BeforeEach
  void pickOnePortOnEveryAddress() throws IOException {
    assumeTrue(bindable(A, 0) > 0, "binding " + A + " failed: this system's loopback answers 127.0.0.1 only, so the test is skipped");
    for (int tries = 0; tries < 20 && port == 0; tries++) {
      int p = bindable(A, 0);
      if (bindable(B, p) > 0 && bindable(C, p) > 0) {
        port = p;
      }
    }
    assertTrue(port > 0, "no port was free on " + A + ", " + B + " and " + C);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** The port bound on {@code ip} ({@code port}, or any for 0) and released again, or -1 when it cannot be bound. */
  private static int bindable(String ip, int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(ip))) {
      return s.getLocalPort();
    } catch (IOException e) {
      return -1;
    }
  }

  /** A remote Flow on {@code ip} whose executor records the ids of the documents it served. */
  private AsyncFlow remote(String ip) throws Exception {
    Queue<String> seen = served.computeIfAbsent(ip, k -> new ConcurrentLinkedQueue<>());
    Executor counting = r -> {
      r.docs().forEach(d -> seen.add(d.id()));
      if (r.docs().stream().anyMatch(d -> d.id().startsWith("down"))) { // its own downstream is unavailable
        throw new FlowException(Status.Code.UNAVAILABLE, "the remote's own downstream is unavailable");
      }
    };
    AsyncFlow pod = Flows.servePod(PodSpec.builder("encoder").uses(() -> counting).build(),
        GatewayConfig.defaults().withProtocol("grpc").withHost(ip).withPort(port));
    open.add(pod);
    pod.start().get(30, TimeUnit.SECONDS);
    return pod;
  }

  private void answer(String name, String... ips) throws IOException {
    List<InetAddress> all = new ArrayList<>();
    for (String ip : ips) {
      all.add(InetAddress.getByName(ip));
    }
    names.put(name, List.copyOf(all));
  }

  /** A Flow of {@code pod}, its remote names looked up in {@link #names}, looked up again every 200 ms. */
  private Flow flow(PodSpec.Builder pod) {
    PodSpec spec = pod.with("remote_resolve_ms", 200).build();
    AsyncFlow async = new CoreFlowFactory(null, name -> {
      List<InetAddress> found = names.get(name);
      if (found == null) {
        throw new FlowException(Status.Code.UNAVAILABLE, "the name " + name + " does not resolve");
      }
      return found;
    }).newFlow(Flow.builder().protocol("inprocess").add(spec).spec());
    open.add(async);
    return Flow.blocking(async).start();
  }

  private Flow encoderFlow() {
    return flow(PodSpec.builder("encoder").uses("grpc://encoder.test:" + port));
  }

  private static List<Document> docs(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> Document.withId(prefix + i).text("t")).collect(Collectors.toList());
  }

  private static final CallOptions ONE_EACH = CallOptions.builder().requestSize(1).build();

  private static void assertAnswered(List<Response> responses, int count) {
    assertEquals(count, responses.size());
    assertTrue(responses.stream().noneMatch(Response::isError),
        responses.stream().filter(Response::isError).map(r -> r.status().toString()).collect(Collectors.toList()).toString());
  }

  private List<String> sorted(String ip) {
    return served.get(ip).stream().sorted().collect(Collectors.toList());
  }

  private int count(String ip) {
    return served.getOrDefault(ip, new ConcurrentLinkedQueue<>()).size();
  }

  @Test
  void requestsAreSpreadOverEveryAddressOfTheName() throws Exception {
    remote(A);
    remote(B);
    answer("encoder.test", A, B);
    Flow f = encoderFlow();
    // both endpoints in turn first: a probe slower than its timeout on a loaded machine may take one out for a while
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      assertAnswered(f.index(Inputs.of(docs("w", 2)), ONE_EACH), 2);
      return count(A) > 0 && count(B) > 0;
    });
    served.values().forEach(Queue::clear);
    assertAnswered(f.index(Inputs.of(docs("d", 20)), ONE_EACH), 20);
    assertEquals(20, count(A) + count(B), "each request ran once");
    assertTrue(count(A) >= 1 && count(B) >= 1, "each address served its turn: " + served);
  }

  @Test
  void anErrorResponseFailsTheRequestOnceAndLeavesTheRemoteInTurn() throws Exception {
    remote(A);
    remote(B);
    answer("encoder.test", A, B);
    Flow f = flow(PodSpec.builder("encoder").uses("grpc://encoder.test:" + port).replicas(2));
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      assertAnswered(f.index(Inputs.of(docs("w", 2)), ONE_EACH), 2);
      return count(A) > 0 && count(B) > 0;
    });
    served.values().forEach(Queue::clear);
    List<Response> failed;
    try {
      failed = f.index(Inputs.of(docs("down", 1)), ONE_EACH);
    } catch (FlowException e) {
      failed = List.of();
      assertEquals(Status.Code.UNAVAILABLE, e.code(), e.toString());
    }
    assertTrue(failed.stream().allMatch(Response::isError), failed.toString());
    assertEquals(1, count(A) + count(B), "the remote answered: the request is not sent again, by either layer: " + served);
    // the remote that answered stays in turn: the next requests go to both addresses at once, no probe needed
    assertAnswered(f.index(Inputs.of(docs("d", 6)), ONE_EACH), 6);
    assertTrue(count(A) >= 1 && count(B) >= 1, "both addresses still serve: " + served);
  }

  @Test
  void aRemoteThatGoesAwayMidStreamLosesNoRequestAndRunsNoneTwice() throws Exception {
    AsyncFlow a = remote(A);
    remote(B);
    answer("encoder.test", A, B);
    Flow f = encoderFlow();
    CompletableFuture<List<Response>> stream = f.async().index(Inputs.of(docs("d", 200)), ONE_EACH);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(A) >= 20);
    a.closeAsync().get(30, TimeUnit.SECONDS);
    assertAnswered(stream.get(60, TimeUnit.SECONDS), 200);
    List<String> all = new ArrayList<>(served.get(A));
    all.addAll(served.get(B));
    assertEquals(200, all.size(), "every request ran once: " + count(A) + " at " + A + ", " + count(B) + " at " + B);
    assertEquals(200, all.stream().distinct().count());
    assertTrue(count(B) > 100, "the survivor took the rest: " + count(B));
  }

  @Test
  void anAddressTheNameGainsIsUsedAndOneItLosesIsNotWithoutARestart() throws Exception {
    remote(A);
    remote(B);
    remote(C);
    answer("encoder.test", A, B);
    Flow f = encoderFlow();
    assertAnswered(f.index(Inputs.of(docs("a", 10)), ONE_EACH), 10);
    assertEquals(0, count(C), "not in the name's answer yet");

    answer("encoder.test", A, B, C); // the service scaled up
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
      assertAnswered(f.index(Inputs.of(docs("b", 3)), ONE_EACH), 3);
      return count(C) > 0;
    });

    answer("encoder.test", B, C); // and A's container went away from the name, though it still serves
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
      int before = count(A);
      assertAnswered(f.index(Inputs.of(docs("c", 4)), ONE_EACH), 4);
      return count(A) == before;
    });
    int atA = count(A);
    int atB = count(B);
    int atC = count(C);
    assertAnswered(f.index(Inputs.of(docs("e", 20)), ONE_EACH), 20);
    assertEquals(atA, count(A), "a removed address is used no more");
    assertTrue(count(B) > atB && count(C) > atC, "the others share the work: " + served);
    assertTrue(f.status().ready());
  }

  @Test
  void shardPlaceholdersReachEachShardsOwnRemote() throws Exception {
    remote(A);
    remote(B);
    answer("indexer-shard-0.test", A);
    answer("indexer-shard-1.test", B);
    Flow f = flow(PodSpec.builder("indexer").uses("grpc://indexer-shard-{shard}.test:" + port).shards(2)
        .polling(Polling.ANY).polling(RequestType.INDEX, Polling.ALL).scheduling(Scheduling.ROUND_ROBIN));
    assertAnswered(f.index(Inputs.of(docs("i", 4)), ONE_EACH), 4);
    assertEquals(List.of("i0", "i1", "i2", "i3"), sorted(A), "ALL polling: shard 0's remote saw every request once");
    assertEquals(List.of("i0", "i1", "i2", "i3"), sorted(B), "and so did shard 1's");
    for (int i = 0; i < 4; i++) { // ANY in turn: shard 0, 1, 0, 1, one request at a time
      assertAnswered(f.search(List.of(Document.withId("q" + i).text("t")), 1), 1);
    }
    assertEquals(List.of("q0", "q2"), served.get(A).stream().filter(id -> id.startsWith("q")).collect(Collectors.toList()));
    assertEquals(List.of("q1", "q3"), served.get(B).stream().filter(id -> id.startsWith("q")).collect(Collectors.toList()));
  }
}
