package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.AsyncExecutor;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.Flows;
import dev.jflow.transport.grpc.GrpcTransportProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A remote pod's one stream per endpoint over real gRPC sockets: many requests share one call and find
 * their own replies in any order, and a stream that breaks, is refused or is closed with requests in
 * flight loses none of them and answers none twice. It lives in transport-grpc, for its sockets, and in
 * flow-core's package, to reach the remote pod's executor.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RemoteStreamSocketTest {
  private static final Duration LONG = Duration.ofSeconds(60);

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Held> executors = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    executors.forEach(Held::release); // so the remotes close without waiting for them
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /**
   * A remote's executor: runs each request (counting its documents' runs, marking them served by its
   * name) and holds the answer until {@link #release} (documents starting with {@code w} are answered at
   * once); after the release it answers at once.
   */
  static final class Held implements AsyncExecutor {
    final String name;
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final List<CompletableFuture<Void>> held = new ArrayList<>(); // guarded by this
    private boolean released; // guarded by this

    Held(String name, boolean released) {
      this.name = name;
      this.released = released;
    }

    @Override
    public void close() {}

    @Override
    public CompletionStage<Void> handleAsync(Request request) {
      for (Document d : request.docs()) {
        runs.computeIfAbsent(d.id(), k -> new AtomicInteger()).incrementAndGet();
        d.text("served by " + name);
      }
      CompletableFuture<Void> answer = new CompletableFuture<>();
      synchronized (this) {
        if (!released && request.docs().stream().noneMatch(d -> d.id().startsWith("w"))) {
          held.add(answer);
          return answer;
        }
      }
      answer.complete(null);
      return answer;
    }

    synchronized int held() {
      return held.size();
    }

    int runs(String id) {
      AtomicInteger n = runs.get(id);
      return n == null ? 0 : n.get();
    }

    /** Answers everything held, the last to arrive first, and from now on at once. */
    void release() {
      List<CompletableFuture<Void>> all;
      synchronized (this) {
        released = true;
        all = new ArrayList<>(held);
        held.clear();
      }
      Collections.reverse(all);
      all.forEach(f -> f.complete(null));
    }
  }

  /** Per remote address: the calls that carried data requests, and those requests. */
  static final class Calls {
    final AtomicInteger dataCalls = new AtomicInteger();
    final AtomicInteger dataRequests = new AtomicInteger();
  }

  /** gRPC, counting what each client sends on which call. */
  static final class CountingGrpc implements TransportProvider {
    private final GrpcTransportProvider grpc = new GrpcTransportProvider();
    final Map<String, Calls> byAddress = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "grpc";
    }

    @Override
    public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
      return grpc.newGatewayServer(config, handler);
    }

    Calls calls(String ip) {
      return byAddress.computeIfAbsent(ip, k -> new Calls());
    }

    @Override
    public ClientTransport newClientTransport(ClientConfig config) {
      ClientTransport client = grpc.newClientTransport(config);
      Calls calls = calls(config.address() == null ? config.host() : config.address().getHostAddress());
      return new ClientTransport() {
        @Override
        public ClientCall open(ResponseObserver observer, Duration timeout) {
          return open(observer, timeout, TraceContext.none());
        }

        @Override
        public ClientCall open(ResponseObserver observer, Duration timeout, TraceContext trace) {
          ClientCall call = client.open(observer, timeout, trace);
          return new ClientCall() {
            private boolean data;

            @Override
            public void send(Request request) {
              if (request.type() != RequestType.CONTROL) {
                if (!data) {
                  data = true;
                  calls.dataCalls.incrementAndGet();
                }
                calls.dataRequests.incrementAndGet();
              }
              call.send(request);
            }

            @Override
            public void halfClose() {
              call.halfClose();
            }

            @Override
            public void cancel(String reason) {
              call.cancel(reason);
            }
          };
        }

        @Override
        public void close() {
          client.close();
        }
      };
    }
  }

  private final CountingGrpc grpc = new CountingGrpc();

  /**
   * A remote pod running {@code executor} behind a gRPC gateway at {@code ip}:{@code port} (0: any),
   * configured further by {@code gateway}; its 60 replicas (one request at a time each) hold 60 requests.
   */
  private AsyncFlow remote(String ip, int port, Held executor, UnaryOperator<GatewayConfig.Builder> gateway) throws Exception {
    executors.add(executor);
    GatewayConfig config = gateway.apply(GatewayConfig.builder().protocol("grpc").host(ip).port(port).prefetch(100)).build();
    AsyncFlow pod = Flows.servePod(PodSpec.builder("held").uses(() -> executor).replicas(60).build(), config);
    open.add(pod);
    pod.start().get(30, TimeUnit.SECONDS);
    return pod;
  }

  /** The remote pod of this Flow at {@code host}:{@code port}, opened, its name (if it is one) looked up in {@code names}. */
  private RemoteExecutor client(String host, int port, AtomicReference<List<InetAddress>> names) throws Exception {
    RemoteExecutor r = new RemoteExecutor(grpc, ClientConfig.builder().protocol("grpc").host(host).port(port).build(),
        Telemetry.none(), "f", "remote", name -> names.get());
    open.add(r);
    r.open(30_000, 100, () -> true);
    return r;
  }

  private RemoteExecutor client(AsyncFlow remote) throws Exception {
    return client("127.0.0.1", remote.gatewayAddress().port(), null);
  }

  private static Request request(String id, String doc) {
    return Request.builder(RequestType.INDEX).id(id).docs(List.of(Document.withId(doc).text("t"))).build();
  }

  private static CompletableFuture<Void> send(RemoteExecutor r, Request request) {
    return r.handleAsync(request).toCompletableFuture();
  }

  private static void awaitHeld(Held executor, int n) {
    Awaitility.await("the remote holds " + n).atMost(LONG).until(() -> executor.held() >= n);
    assertEquals(n, executor.held());
  }

  private static FlowException failure(CompletableFuture<Void> f) throws Exception {
    Throwable t = f.handle((r, e) -> e).get(60, TimeUnit.SECONDS);
    assertTrue(t != null, "failed");
    return Futures.toFlowException(t);
  }

  private static void assertOwnDocs(Request r, String doc, String by) {
    assertEquals(1, r.docs().size(), r.id());
    assertEquals(doc, r.docs().get(0).id(), "request " + r.id() + " got its own document back");
    assertEquals("served by " + by, r.docs().get(0).text());
  }

  @Test
  void manyRequestsShareOneStreamAndEachGetsItsOwnReplyWhateverTheOrder() throws Exception {
    Held held = new Held("r", false);
    RemoteExecutor r = client(remote("127.0.0.1", 0, held, b -> b));
    List<Request> requests = new ArrayList<>();
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      requests.add(request("r" + i, "d" + i));
      answers.add(send(r, requests.get(i)));
    }
    awaitHeld(held, 40);
    held.release(); // the first sent is answered last
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    for (int i = 0; i < 40; i++) {
      assertOwnDocs(requests.get(i), "d" + i, "r");
    }
    Calls calls = grpc.calls("127.0.0.1");
    assertEquals(40, calls.dataRequests.get());
    assertEquals(1, calls.dataCalls.get(), "the forty requests shared one stream");
    Request later = request("later", "d-later");
    send(r, later).get(60, TimeUnit.SECONDS);
    assertEquals(1, calls.dataCalls.get(), "and the stream stays open for the next");
  }

  @Test
  void twoCallersWithOneRequestIdInFlightEachGetTheirOwnDocuments() throws Exception {
    Held held = new Held("r", false);
    RemoteExecutor r = client(remote("127.0.0.1", 0, held, b -> b));
    Request first = request("same", "x");
    Request second = request("same", "y");
    CompletableFuture<Void> a = send(r, first);
    CompletableFuture<Void> b = send(r, second);
    awaitHeld(held, 2);
    held.release();
    CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);
    assertOwnDocs(first, "x", "r");
    assertOwnDocs(second, "y", "r");
    assertEquals(2, grpc.calls("127.0.0.1").dataCalls.get(), "the second went on a call of its own");
  }

  @Test
  void aRequestTheRemoteRefusesFailsAloneAndTheOthersOnTheStreamAreAnswered() throws Exception {
    Held held = new Held("r", false);
    RemoteExecutor r = client(remote("127.0.0.1", 0, held, b -> b.maxTopK(5)));
    List<Request> requests = new ArrayList<>();
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      requests.add(request("r" + i, "d" + i));
      answers.add(send(r, requests.get(i)));
    }
    awaitHeld(held, 10);
    Request greedy = Request.builder(RequestType.SEARCH).id("greedy").docs(List.of(Document.withId("g").text("t")))
        .parameters(Map.of(Request.TOP_K, 50)).build();
    FlowException refused = failure(send(r, greedy));
    assertEquals(Status.Code.INVALID_ARGUMENT, refused.code(), refused.toString());
    assertTrue(refused.getMessage().contains("top_k=50"), refused.getMessage());
    held.release();
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    for (int i = 0; i < 10; i++) {
      assertOwnDocs(requests.get(i), "d" + i, "r");
      assertTrue(held.runs("d" + i) <= 2, "run at most twice (the refused stream's, then its own call's): " + held.runs("d" + i));
    }
    assertEquals(0, held.runs("g"), "the refused request never ran");
    assertEquals(1 + 11, grpc.calls("127.0.0.1").dataCalls.get(), "the stream, then each of its eleven once on a call of its own");
  }

  @Test
  void closingThePodWithRequestsOnTheStreamFailsThemAllAtOnce() throws Exception {
    Held held = new Held("r", false);
    RemoteExecutor r = client(remote("127.0.0.1", 0, held, b -> b));
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      answers.add(send(r, request("r" + i, "d" + i)));
    }
    awaitHeld(held, 30);
    r.close();
    for (CompletableFuture<Void> f : answers) {
      FlowException e = failure(f);
      assertEquals(Status.Code.UNAVAILABLE, e.code(), e.toString());
    }
    held.release();
  }

  @Test
  void aReplicaThatDiesWithFiftyRequestsOnItsStreamLosesNoneAndRunsNoneTwiceOnTheOther() throws Exception {
    String a = "127.0.0.2";
    String b = "127.0.0.3";
    assumeTrue(bindable(a, 0) > 0, "binding " + a + " failed: this system's loopback answers 127.0.0.1 only, so the test is skipped");
    int port = 0;
    for (int tries = 0; tries < 20 && port == 0; tries++) {
      int p = bindable(a, 0);
      if (bindable(b, p) > 0) {
        port = p;
      }
    }
    assertTrue(port > 0, "no port was free on " + a + " and " + b);
    Held atA = new Held("A", false);
    Held atB = new Held("B", true);
    AsyncFlow remoteA = remote(a, port, atA, g -> g.drainGrace(Duration.ZERO)); // its close cuts its calls at once
    remote(b, port, atB, g -> g);
    AtomicReference<List<InetAddress>> names = new AtomicReference<>(List.of(InetAddress.getByName(a)));
    RemoteExecutor r = client("replicas.test", port, names);

    List<Request> requests = new ArrayList<>();
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      requests.add(request("r" + i, "d" + i));
      answers.add(send(r, requests.get(i)));
    }
    awaitHeld(atA, 50);
    assertEquals(1, grpc.calls(a).dataCalls.get(), "the fifty are on A's one stream");

    names.set(List.of(InetAddress.getByName(a), InetAddress.getByName(b))); // B joins; warm-ups until it serves
    AtomicInteger warm = new AtomicInteger();
    Awaitility.await().atMost(LONG).until(() -> {
      send(r, request("w" + warm.get(), "w" + warm.getAndIncrement())).get(30, TimeUnit.SECONDS);
      return atB.runs.keySet().stream().anyMatch(id -> id.startsWith("w"));
    });

    remoteA.closeAsync().exceptionally(e -> null).get(60, TimeUnit.SECONDS); // A goes away with the fifty in flight
    int answered = 0;
    for (int i = 0; i < 50; i++) {
      CompletableFuture<Void> f = answers.get(i);
      Throwable failed = f.handle((v, e) -> e).get(60, TimeUnit.SECONDS); // none lost: every caller hears
      if (failed == null) {
        answered++;
        assertOwnDocs(requests.get(i), "d" + i, "B");
        assertEquals(1, atB.runs("d" + i), "d" + i + " ran once on B");
      } else {
        FlowException e = Futures.toFlowException(failed);
        assertEquals(Status.Code.UNAVAILABLE, e.code(), e.toString());
        assertTrue(atB.runs("d" + i) <= 1, "d" + i + " ran at most once on B");
      }
      assertEquals(1, atA.runs("d" + i), "d" + i + " ran once on A, which never answered it");
    }
    long onB = atB.runs.keySet().stream().filter(id -> id.startsWith("d")).mapToInt(atB::runs).sum();
    assertTrue(onB <= 50 && onB >= answered, "B ran " + onB + " of the fifty for " + answered + " answers");
  }

  /** The port bound on {@code ip} ({@code port}, or any for 0) and released again, or -1 when it cannot be bound. */
  private static int bindable(String ip, int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(ip))) {
      return s.getLocalPort();
    } catch (IOException e) {
      return -1;
    }
  }
}
