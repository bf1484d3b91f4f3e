package dev.jflow.cli;

import static dev.jflow.cli.CliRun.jflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.Executor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One Flow behind a gRPC and a WebSocket gateway (Jina's multi-protocol gateway), from Java and from the command line. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiProtocolTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Remembers indexed ids; a search matches every id it remembers. */
  static final class Memory implements Executor {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    @Override
    public void handle(Request request) {
      for (Document d : request.docs()) {
        if (request.type() == RequestType.INDEX) {
          ids.add(d.id());
        } else if (request.type() == RequestType.SEARCH) {
          ids.stream().sorted().forEach(id -> d.addMatches(Document.withId(id)));
        }
      }
    }

    @Override
    public void close() {}
  }

  private static List<String> matches(List<Response> responses) {
    return responses.get(0).docs().get(0).matches().stream().map(Document::id).toList();
  }

  private static boolean refuses(int port) {
    try {
      new Socket(InetAddress.getLoopbackAddress(), port).close();
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The origin the gateway on {@code port} allows a page of {@code origin}: that origin, or "(none)". */
  private static String allowedOrigin(int port, String origin) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
        .header("Origin", origin).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.headers().firstValue("Access-Control-Allow-Origin").orElse("(none)");
  }

  /** An admin token: the status's details (the gateways among them) are for admins. */
  private static final String ADMIN = "multi-protocol-admin-token-0123";

  private static Client admin(String protocol, int port) {
    return Client.connect(dev.jflow.api.ClientConfig.builder().protocol(protocol).host("127.0.0.1").port(port).token(ADMIN).build());
  }

  @Test
  void bothGatewaysServeOneIndexAndCloseTogether() throws Exception {
    List<GatewayAddress> gateways;
    try (Flow f = Flow.builder().gateway(GatewayConfig.builder().protocols("grpc", "websocket").host("127.0.0.1")
        .option("websocket.cors", "https://code.example")
        .authenticator(dev.jflow.api.spi.BearerTokens.builder().adminTokens(dev.jflow.api.Secret.of(ADMIN)).build()).build())
        .add("memory", Memory::new).build().start()) {
      gateways = f.async().gatewayAddresses();
      assertEquals(List.of("grpc", "websocket"), gateways.stream().map(GatewayAddress::protocol).toList());
      assertTrue(gateways.get(0).port() != gateways.get(1).port(), gateways.toString());
      try (Client grpc = admin("grpc", gateways.get(0).port()); Client ws = admin("websocket", gateways.get(1).port())) {
        grpc.index(List.of(Document.withId("a"), Document.withId("b"))).join();
        assertEquals(List.of("a", "b"), matches(ws.search(List.of(Document.withId("q")), 10).join()), "indexed over gRPC, found over WebSocket");
        ws.index(List.of(Document.withId("c"))).join();
        assertEquals(List.of("a", "b", "c"), matches(grpc.search(List.of(Document.withId("q")), 10).join()));
        assertEquals(List.of("a", "b", "c"), matches(f.search(List.of(Document.withId("q")), 10)), "and the Flow's own calls see it too");
        for (Client c : List.of(grpc, ws)) {
          FlowStatus s = c.status().join();
          assertTrue(s.ready());
          assertEquals(gateways, s.gateways(), "each gateway's status lists both");
        }
      }
      assertEquals("https://code.example", allowedOrigin(gateways.get(1).port(), "https://code.example"),
          "the websocket option reached its gateway");
    }
    assertTrue(refuses(gateways.get(0).port()), "the gRPC gateway is closed");
    assertTrue(refuses(gateways.get(1).port()), "the WebSocket gateway is closed");
  }

  @Test
  void aDrainWaitsForEveryGateway() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Flow f = Flow.builder().protocols("grpc", "websocket").host("127.0.0.1").add("stuck", () -> request -> {
      entered.countDown();
      release.await(30, TimeUnit.SECONDS);
    }).build().start();
    List<GatewayAddress> gateways = f.async().gatewayAddresses();
    try (Client grpc = Client.connect("grpc", "127.0.0.1", gateways.get(0).port());
        Client ws = Client.connect("websocket", "127.0.0.1", gateways.get(1).port())) {
      CompletableFuture<List<Response>> running = ws.index(List.of(Document.withId("a")));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> closing = f.async().closeAsync();
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> grpc.index(List.of(Document.withId("late"))).handle((r, e) -> e != null
          && Futures.toFlowException(e).code() == Status.Code.UNAVAILABLE).join());
      assertFalse(closing.isDone(), "the gRPC gateway is drained while the WebSocket one still runs a request");
      release.countDown();
      assertEquals(1, running.get(10, TimeUnit.SECONDS).size(), "the accepted request is answered");
      closing.get(20, TimeUnit.SECONDS);
    }
    assertTrue(refuses(gateways.get(0).port()) && refuses(gateways.get(1).port()), gateways + " are closed");
  }

  @Test
  void aPortClashFailsTheStartAndLeavesNothingRunning() throws Exception {
    int grpcPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      grpcPort = free.getLocalPort();
    }
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Flow f = Flow.builder().gateway(GatewayConfig.builder().protocols("grpc", "websocket").host("127.0.0.1")
          .ports(grpcPort, taken.getLocalPort()).build()).add("p", "_pass").build();
      FlowException e = assertThrows(FlowException.class, f::start);
      assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
      assertTrue(e.getMessage().contains("the websocket gateway failed to start: UNAVAILABLE: cannot listen on 127.0.0.1:"
          + taken.getLocalPort()), e.getMessage());
      assertFalse(f.async().isRunning());
      assertTrue(refuses(grpcPort), "the gRPC gateway that had started is closed again");
    }
  }

  @Test
  void theCommandLineServesSeveralProtocolsAndSetsGatewayOptions(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("flow.yml");
    Files.writeString(yaml, String.join("\n",
        "jtype: Flow",
        "with: {name: multi}",
        "gateway:",
        "  websocket: {cors: https://yaml.example, max_queued_bytes: 1MiB}",
        "pods:",
        "  - name: p",
        ""));
    try (Served yamlOnly = new Served("flow", "--uses", yaml.toString(), "--host", "127.0.0.1", "--restful")) {
      assertEquals("https://yaml.example", allowedOrigin(yamlOnly.port, "https://yaml.example"), "the YAML's option reached the gateway");
      assertEquals(0, yamlOnly.stop());
    }
    try (Served flow = new Served("flow", "--uses", yaml.toString(), "--host", "127.0.0.1", "--protocol", "grpc,websocket",
        "--gateway-option", "websocket.cors=https://cli.example")) {
      assertEquals(2, flow.addresses.size(), flow.addresses.toString());
      assertTrue(flow.addresses.get(0).startsWith("grpc://127.0.0.1:") && flow.addresses.get(1).startsWith("websocket://127.0.0.1:"),
          flow.addresses.toString());
      int wsPort = Integer.parseInt(flow.addresses.get(1).substring(flow.addresses.get(1).lastIndexOf(':') + 1));
      CliRun grpcPing = jflow("ping", "--port-expose", Integer.toString(flow.port));
      assertEquals(0, grpcPing.status(), grpcPing.out() + grpcPing.err());
      CliRun wsPing = jflow("ping", "--restful", "--port-expose", Integer.toString(wsPort));
      assertEquals(0, wsPing.status(), wsPing.out() + wsPing.err());
      assertTrue(wsPing.out().contains("ready: Flow 'multi'"), wsPing.out());
      assertEquals("https://cli.example", allowedOrigin(wsPort, "https://cli.example"), "--gateway-option overrides the YAML's option");
      assertEquals("(none)", allowedOrigin(wsPort, "https://yaml.example"), "the YAML's origin is no longer allowed");
      assertEquals(0, flow.stop(), "SIGTERM drains both gateways and exits 0");
      assertTrue(refuses(flow.port) && refuses(wsPort));
    }
  }

  @Test
  void theCommandLineRefusesUnknownOptionsAndBadValues(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("flow.yml");
    Files.writeString(yaml, "jtype: Flow\npods:\n  - name: p\n");
    CliRun unknown = jflow("flow", "--uses", yaml.toString(), "--restful", "--gateway-option", "websocket.corz=*");
    assertEquals(1, unknown.status(), unknown.out() + unknown.err());
    assertTrue(unknown.err().contains("unknown gateway option 'websocket.corz'; the websocket transport knows [websocket.body_read_timeout,"),
        unknown.err());
    CliRun bad = jflow("pod", "--uses", "_pass", "--protocol", "websocket", "--gateway-option", "websocket.worker_threads=none");
    assertEquals(1, bad.status(), bad.out() + bad.err());
    assertTrue(bad.err().contains("gateway option websocket.worker_threads must be a whole number of at least 1, got 'none'"), bad.err());
  }
}
