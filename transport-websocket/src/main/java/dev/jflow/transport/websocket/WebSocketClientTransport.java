package dev.jflow.transport.websocket;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Timers;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TraceContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * The WebSocket client (Jina's WebSocketClient): one Tyrus socket to {@code ws://host:port/stream} per
 * call, on Tyrus's shared Grizzly transport. A call's time left travels to the gateway once the socket
 * is open (see {@link StreamEndpoint}), so that the gateway fails late requests naming the slow pods;
 * if the gateway says nothing, the call fails with DEADLINE_EXCEEDED here shortly after the deadline.
 * The token and the call's trace context travel as headers of the upgrade request.
 */
final class WebSocketClientTransport implements ClientTransport {
  /**
   * How long after its deadline a call fails here if the gateway has not failed it first: long enough
   * for a loaded gateway's own DEADLINE_EXCEEDED, which names the slow pods, to arrive first.
   */
  static final long DEADLINE_GRACE_MS = 1_000;
  static final int HANDSHAKE_TIMEOUT_MS = 10_000;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ClientConfig config;
  private final String address;
  private final URI uri;
  private final ClientManager manager;
  private final javax.net.ssl.SSLContext tls;
  private final ExecutorService connector;
  private final Set<ClientStream> open = ConcurrentHashMap.newKeySet();
  private final Map<ClientStream, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** @throws FlowException INVALID_ARGUMENT when the configuration's TLS files cannot be used */
  WebSocketClientTransport(ClientConfig config) {
    this.config = config;
    this.tls = config.tls() == null ? null : dev.jflow.api.spi.Tls.forClient(config.tls()).sslContext();
    String scheme = tls == null ? "ws://" : "wss://";
    this.address = scheme + bracketed(config.host()) + ":" + config.port() + StreamEndpoint.PATH
        + (config.address() == null ? "" : " at " + config.address().getHostAddress());
    // one address of the host: the socket goes there, TLS verifies the host's name (see ReportingSslContext)
    this.uri = URI.create(scheme + bracketed(config.address() == null ? config.host() : config.address().getHostAddress())
        + ":" + config.port() + StreamEndpoint.PATH);
    this.manager = MANAGERS.computeIfAbsent(Limits.bufferFor(config.maxMessageSize()), WebSocketClientTransport::manager);
    this.connector = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "jflow-websocket-connect-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public ClientCall open(ResponseObserver observer, Duration timeout) {
    return open(observer, timeout, TraceContext.none());
  }

  /** Sends {@code trace} as the {@code traceparent} and {@code tracestate} headers of the call's upgrade request. */
  @Override
  public ClientCall open(ResponseObserver observer, Duration timeout, TraceContext trace) {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    ClientStream stream = new ClientStream(observer, address, config.maxMessageSize(), deadline, this::ended);
    if (closed) {
      stream.connectFailed(new FlowException(Status.Code.UNAVAILABLE, "the client is closed"));
      return stream;
    }
    open.add(stream);
    try {
      connector.execute(() -> {
        try {
          manager.connectToServer(stream, NoOrigin.config(config.token(), trace,
              tls == null ? null : ReportingSslContext.of(tls, config.address() == null ? null : config.host(), stream::connectFailed)), uri);
        } catch (Exception e) {
          stream.connectFailed(e);
        }
      });
    } catch (RejectedExecutionException e) {
      stream.connectFailed(new FlowException(Status.Code.UNAVAILABLE, "the client is closed"));
      return stream;
    }
    if (timeout != null) {
      long ms = timeout.toMillis();
      deadlines.put(stream, Timers.schedule(() -> stream.deadlinePassed(ms), ms + DEADLINE_GRACE_MS));
      if (!open.contains(stream)) {
        cancelDeadline(stream); // it ended before its timer was recorded
      }
    }
    return stream;
  }

  /** {@code host} as a URI writes it: an IPv6 address in brackets. */
  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private void ended(ClientStream stream) {
    synchronized (open) {
      open.remove(stream);
      open.notifyAll();
    }
    cancelDeadline(stream);
  }

  /** A call's deadline timer goes with the call, so that an ended call is not held until its deadline. */
  private void cancelDeadline(ClientStream stream) {
    ScheduledFuture<?> t = deadlines.remove(stream);
    if (t != null) {
      t.cancel(false);
    }
  }

  /**
   * Lets calls whose answers are already on the way finish (a gateway that drained has answered them
   * and is closing their sockets), for at most {@value #CLOSE_WAIT_MS} ms.
   */
  private void awaitOpenCalls() {
    long end = System.nanoTime() + CLOSE_WAIT_MS * 1_000_000;
    synchronized (open) {
      for (long left; !open.isEmpty() && (left = end - System.nanoTime()) > 0; ) {
        try {
          open.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  static final long CLOSE_WAIT_MS = 1_000;

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    awaitOpenCalls();
    FlowException gone = new FlowException(Status.Code.UNAVAILABLE, "the client of " + address + " was closed while the call was running");
    new ArrayList<>(open).forEach(s -> s.end(gone, CloseCodes.GOING_AWAY, "the client is closing"));
    connector.shutdown();
  }

  /**
   * Tyrus client managers, one per read buffer size, shared by every client in the JVM; Tyrus stops
   * a manager's executors itself when its last session closes. Their threads are few: one set per
   * distinct message size limit.
   */
  private static final Map<Integer, ClientManager> MANAGERS = new ConcurrentHashMap<>();

  private static ClientManager manager(int bufferSize) {
    ClientManager m = ClientManager.createClient();
    m.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
    m.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, bufferSize);
    m.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, HANDSHAKE_TIMEOUT_MS);
    // No idle timer per session: Tyrus schedules it on the manager's scheduler, which it shuts down
    // whenever the manager's last session closes, so a handshake completing at that moment failed.
    m.setDefaultMaxSessionIdleTimeout(-1);
    return m;
  }
}
