package dev.jflow.transport.websocket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.GatewayConfig;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.testing.EchoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile clients cannot make the gateway grow threads: a thousand connections that stall their request
 * bodies, or hundreds of idle WebSockets, leave it on its fixed pool, still serving; a body that does not
 * arrive in time is answered 408.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedThreadsTest {
  private static final int WORKERS = 8;
  /** Selector threads, JFlow's timer, Grizzly's delayed executors and the JDK HttpClient's own threads. */
  private static final int SLACK = Runtime.getRuntime().availableProcessors() + 16;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static final RequestHandler ECHO = new EchoHandler();

  private static WebSocketGatewayServer start(GatewayConfig.Builder config) {
    WebSocketGatewayServer g = (WebSocketGatewayServer) new WebSocketTransportProvider()
        .newGatewayServer(config.host("127.0.0.1").build(), ECHO);
    g.start().join();
    return g;
  }

  /** Opens a connection that declares a body of {@code declared} bytes and sends only {@code sent} of them. */
  private static Socket stalledBody(int port, int declared, int sent) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(10_000);
    OutputStream out = s.getOutputStream();
    out.write(("POST /index HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + declared
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write("{\"data\"".getBytes(StandardCharsets.US_ASCII), 0, sent);
    out.flush();
    return s;
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      in.transferTo(all);
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the connection stayed open after: " + all.toString(StandardCharsets.UTF_8), e);
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  /** As many connections as the file descriptor limit allows (each takes two descriptors in this JVM), at most {@code wanted}. */
  private static int affordable(int wanted) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean) {
      var os = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long free = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - 200;
      return (int) Math.max(50, Math.min(wanted, free / 2));
    }
    return wanted;
  }

  @Test
  void aThousandStalledBodiesHoldNoThreadsAndOthersAreServed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    int baseline = THREADS.getThreadCount();
    WebSocketGatewayServer gateway = start(GatewayConfig.builder().option("websocket.worker_threads", WORKERS));
    int port = gateway.address().port();
    int connections = affordable(1_000);
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        stalled.add(stalledBody(port, 100_000, 7));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> gateway.readingBodies() == connections);
      int grown = THREADS.getThreadCount() - baseline;
      assertTrue(grown <= WORKERS + SLACK, connections + " stalled bodies grew the JVM by " + grown + " threads; the pool has "
          + WORKERS + " workers");

      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index"))
          .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"data\": [\"hello\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("hello"), r.body());
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
      gateway.close();
    }
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIsAnswered408() throws Exception {
    WebSocketGatewayServer gateway = start(GatewayConfig.builder().option("websocket.body_read_timeout", "300ms"));
    try (Socket slow = stalledBody(gateway.address().port(), 100, 7)) {
      String answer = readAll(slow.getInputStream()); // the gateway closes the connection after answering
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("\"code\":\"REQUEST_TIMEOUT\"") && answer.contains("websocket.body_read_timeout=300 ms"), answer);
      assertEquals(0, gateway.readingBodies());
    } finally {
      gateway.close();
    }
  }

  @Test
  void aBodyOverTheLimitIsRefusedWithoutAllocatingWhatItDeclares() throws Exception {
    WebSocketGatewayServer gateway = start(GatewayConfig.builder());
    int max = GatewayConfig.defaults().maxMessageSize();
    try (Socket big = stalledBody(gateway.address().port(), max + 1, 7)) {
      String answer = readAll(big.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("maxMessageSize"), answer);
    } finally {
      gateway.close();
    }
  }

  @Test
  void hundredsOfWebSocketsHoldNoThreads() throws Exception {
    int baseline = THREADS.getThreadCount();
    WebSocketGatewayServer gateway = start(GatewayConfig.builder().option("websocket.worker_threads", WORKERS));
    int sockets = affordable(500);
    List<RawSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < sockets; i++) {
        open.add(new RawSocket(gateway.address().port(), 65536));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> gateway.openSockets() == sockets);
      int grown = THREADS.getThreadCount() - baseline;
      assertTrue(grown <= WORKERS + SLACK, sockets + " WebSockets grew the JVM by " + grown + " threads; the pool has "
          + WORKERS + " workers");
    } finally {
      for (RawSocket s : open) {
        s.close();
      }
      gateway.close();
    }
  }
}
