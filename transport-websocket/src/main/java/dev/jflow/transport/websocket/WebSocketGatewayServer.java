package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportAddress;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * The websocket gateway: one Grizzly HTTP server on one port, with Tyrus serving WebSocket
 * {@code /stream} and {@link HttpEndpoints} serving the REST API on a fixed number of threads
 * ({@link #fixThreads}), every call admitted by one {@link Admission}. The gateway's meters
 * (the admission's, those of protocol {@code websocket}) hear of its TCP connections and of every response it
 * writes, the admission's of its calls. Closing drains: new sockets and HTTP calls are refused (close 4014, HTTP 503),
 * accepted requests finish within the configured grace period and are answered, and what is still
 * running then is cut with UNAVAILABLE; then the server stops.
 */
final class WebSocketGatewayServer implements GatewayServer {
  /** How long the server may take to stop once the drain is over. */
  static final long STOP_WAIT_MS = 2_000;

  private final GatewayConfig config;
  private final RequestHandler handler;
  private final Admission admission;
  private final GatewayMetrics metrics;
  private final ConnectionMeter connections;
  private final WebSocketSettings settings;
  private final Set<StreamSession> sockets = ConcurrentHashMap.newKeySet();
  private HttpServer server;
  private volatile NetworkListener listener;
  private StreamContainer container;
  private volatile HttpEndpoints http;
  private CompletableFuture<Void> started;
  private CompletableFuture<Void> closed;

  WebSocketGatewayServer(GatewayConfig config, RequestHandler handler, WebSocketSettings settings) {
    this.config = config;
    this.handler = handler;
    this.admission = Admission.of(config, handler, WebSocketTransportProvider.NAME);
    this.metrics = admission.metrics();
    this.connections = new ConnectionMeter(metrics);
    this.settings = settings;
  }

  @Override
  public synchronized CompletableFuture<Void> start() {
    if (started != null) {
      return started;
    }
    if (closed != null) {
      return started = CompletableFuture.failedFuture(new FlowException(Status.Code.FAILED_PRECONDITION, "the websocket gateway is closed"));
    }
    container = new StreamContainer(Limits.bufferFor(config.maxMessageSize()));
    try {
      container.register(new StreamEndpoint(admission, config, settings, sockets, metrics).serverConfig());
    } catch (DeploymentException e) {
      return started = CompletableFuture.failedFuture(new FlowException(Status.Code.INTERNAL,
          "cannot deploy the WebSocket endpoint " + StreamEndpoint.PATH + ": " + e.getMessage(), e));
    }
    http = new HttpEndpoints(handler, admission, config, settings, this::onWorker, metrics);
    server = new HttpServer();
    listener = new NetworkListener("jflow-websocket", config.host(), config.port());
    if (config.tls() != null) {
      try {
        WebSocketTls.secure(listener, config.tls());
      } catch (FlowException e) {
        return started = CompletableFuture.failedFuture(e);
      }
    }
    fixThreads(listener.getTransport(), settings);
    listener.getTransport().getConnectionMonitoringConfig().addProbes(connections);
    // Upgraded sockets must not be cut by HTTP keep-alive; the idle timeout of sockets is Tyrus's.
    listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
    listener.registerAddOn(new WebSocketUpgradesOnly.Installer());
    listener.registerAddOn(new WebSocketAddOn(container, StreamContainer.CONTEXT_PATH));
    server.addListener(listener);
    server.getServerConfiguration().addHttpHandler(http);
    server.getServerConfiguration().setAllowPayloadForUndefinedHttpMethods(true); // DELETE /delete has a body
    server.getServerConfiguration().setName("JFlow");
    server.getServerConfiguration().setHttpServerName("JFlow");
    server.getServerConfiguration().setHttpServerVersion(Version.JFLOW);
    try {
      server.start();
    } catch (IOException e) {
      server.shutdownNow();
      return started = CompletableFuture.failedFuture(new FlowException(Status.Code.UNAVAILABLE,
          "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e));
    }
    return started = CompletableFuture.completedFuture(null);
  }

  /**
   * A fixed number of threads whatever the clients do: {@code workerThreads} workers with a bounded
   * queue (Grizzly's default pool grows a thread for every blocked task), and one selector thread per
   * processor. No task blocks on a client: bodies are read with non-blocking input, WebSocket frames are
   * handed to Tyrus as they arrive.
   */
  static void fixThreads(TCPNIOTransport transport, WebSocketSettings settings) {
    int selectors = Runtime.getRuntime().availableProcessors();
    transport.setIOStrategy(WorkerThreadIOStrategy.getInstance());
    transport.setSelectorRunnersCount(selectors);
    transport.setKernelThreadPoolConfig(ThreadPoolConfig.defaultConfig().copy().setPoolName("jflow-websocket-selector")
        .setCorePoolSize(selectors).setMaxPoolSize(selectors).setDaemon(true));
    transport.setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig().copy().setPoolName("jflow-websocket-gateway")
        .setCorePoolSize(settings.workerThreads()).setMaxPoolSize(settings.workerThreads())
        .setQueueLimit(settings.workerQueueLimit()).setDaemon(true));
  }

  @Override
  public synchronized TransportAddress address() {
    if (listener == null || !server.isStarted()) {
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "the websocket gateway is not started");
    }
    return new TransportAddress(WebSocketTransportProvider.NAME, config.host(), listener.getPort());
  }

  /** Runs {@code task} on the gateway's worker pool, or here when the pool cannot take it (full, or stopped). */
  private void onWorker(Runnable task) {
    NetworkListener l = listener;
    java.util.concurrent.ExecutorService pool = l == null ? null : l.getTransport().getWorkerThreadPool();
    if (pool == null) {
      task.run();
      return;
    }
    try {
      pool.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run();
    }
  }

  /** The sockets open on {@code /stream} now. */
  int openSockets() {
    return sockets.size();
  }

  /** HTTP calls whose request body is still arriving. */
  int readingBodies() {
    HttpEndpoints h = http;
    return h == null ? 0 : h.readingBodies();
  }

  @Override
  public synchronized CompletableFuture<Void> closeAsync() {
    if (closed != null) {
      return closed;
    }
    closed = new CompletableFuture<>();
    HttpServer s = server;
    if (s == null || !s.isStarted()) {
      closed.complete(null);
      return closed;
    }
    CompletableFuture<Void> done = closed;
    admission.drain().whenComplete((v, cut) -> stop(s, cut, done));
    return closed;
  }

  /** Stops the server once the drain is over; {@code cut} is the drain's failure when it had to cut calls. */
  private void stop(HttpServer s, Throwable cut, CompletableFuture<Void> done) {
    try {
      stopGracefully(s, cut, done);
    } catch (Throwable t) {
      finish(s, cut, done); // the close future completes whatever went wrong
    }
  }

  private void stopGracefully(HttpServer s, Throwable cut, CompletableFuture<Void> done) {
    // A graceful shutdown without a grace period lets HTTP answers being written finish and logs
    // nothing; our own timer bounds it. We finish once Grizzly's shutdown thread has stopped the
    // transport (stopping it earlier would interrupt that thread).
    CompletableFuture<Void> graceful = new CompletableFuture<>();
    listener.getTransport().getState().notifyWhenStateIsEqual(org.glassfish.grizzly.Transport.State.STOPPED,
        new org.glassfish.grizzly.EmptyCompletionHandler<>() {
          @Override
          public void completed(org.glassfish.grizzly.Transport.State result) {
            graceful.complete(null);
          }
        });
    s.shutdown();
    graceful.orTimeout(STOP_WAIT_MS, TimeUnit.MILLISECONDS).whenComplete((x, timedOut) -> finishLater(s, cut, done));
  }

  private void finishLater(HttpServer s, Throwable cut, CompletableFuture<Void> done) {
    Thread t = new Thread(() -> finish(s, cut, done), "jflow-websocket-gateway-close");
    t.setDaemon(true);
    t.start();
  }

  private void finish(HttpServer s, Throwable cut, CompletableFuture<Void> done) {
    try {
      s.shutdownNow();
      container.stop();
    } finally {
      if (cut == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(cut);
      }
    }
  }
}
