package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.Tls;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flow's monitoring endpoint on {@link GatewayConfig#monitoringPort()}: {@code GET /metrics} answers
 * the telemetry's scrape (see {@link MetricsAnswer}), on the gateway's host, over HTTPS with the
 * gateway's certificate when it serves TLS, to the callers its authenticator accepts.
 *
 * <p>A small HTTP/1.1 server of its own rather than the JDK's {@code HttpServer}, whose few workers wait
 * for a request (and a TLS handshake) without a time limit, so that two callers sending a byte each
 * stalled every scrape. Everything here is bounded: at most {@value #MAX_CONNECTIONS} connections are
 * served at once, a thread each, and more wait in the accept backlog ({@value #BACKLOG}); a connection
 * has {@link #REQUEST_DEADLINE} from its accept to finish the TLS handshake and send its request, then
 * {@link #RESPONSE_DEADLINE} to take the answer, and is closed when either runs out however slowly it
 * sends or reads. A connection answers one request ({@code Connection: close}).
 */
final class MonitoringServer implements AutoCloseable {
  /** The connections served at once; a scraper asks rarely. */
  static final int MAX_CONNECTIONS = 16;
  /** The time from a connection's accept to the end of its request's head and body (TLS handshake included). */
  static final Duration REQUEST_DEADLINE = Duration.ofSeconds(5);
  /** The time a connection has, once its request is read, to be answered and take the answer. */
  static final Duration RESPONSE_DEADLINE = Duration.ofSeconds(10);
  private static final int BACKLOG = 16;
  /** How long {@link #close()} waits for the accepting thread to leave the closed socket. */
  private static final Duration ACCEPTOR_EXIT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(MonitoringServer.class);

  private final String flow;
  private final ServerSocket listener;
  private final Tls tls;
  private final MetricsAnswer answer;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor deadlines;
  private final Thread acceptor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MonitoringServer(String flow, ServerSocket listener, Tls tls, MetricsAnswer answer) {
    this.flow = flow;
    this.listener = listener;
    this.tls = tls;
    this.answer = answer;
    String name = "jflow-" + flow + "-monitoring";
    // never more than MAX_CONNECTIONS tasks (the slots), so the queue stays that short
    workers = new ThreadPoolExecutor(MAX_CONNECTIONS, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        ThreadPools.named(name));
    workers.allowCoreThreadTimeOut(true);
    deadlines = new ScheduledThreadPoolExecutor(1, ThreadPools.named(name + "-deadline"));
    deadlines.setRemoveOnCancelPolicy(true);
    acceptor = ThreadPools.named(name + "-accept").newThread(this::acceptLoop);
  }

  /**
   * Serves {@code telemetry}'s scrape for Flow {@code flow} as {@code config} says, and logs its address
   * at INFO as {@code metrics: http://host:port/metrics} ({@code https} over TLS).
   *
   * @throws FlowException FAILED_PRECONDITION when the port cannot be bound; INVALID_ARGUMENT for unusable TLS files
   */
  static MonitoringServer start(String flow, GatewayConfig config, Telemetry telemetry) {
    String host = config.host().startsWith("[") ? config.host().substring(1, config.host().length() - 1) : config.host();
    Tls tls = config.tls() == null ? null : Tls.forServer(config.tls());
    ServerSocket listener = null;
    try {
      listener = new ServerSocket();
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(host, config.monitoringPort()), BACKLOG);
    } catch (IOException | RuntimeException e) {
      closeQuietly(listener);
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "Flow '" + flow + "': the monitoring port " + config.monitoringPort()
          + " on " + config.host() + " cannot be bound (" + e + "); choose another monitoringPort, or 0 for a free one", e);
    }
    MonitoringServer server = new MonitoringServer(flow, listener, tls, new MetricsAnswer(flow, config.authenticator(), telemetry));
    server.acceptor.start();
    LOG.info("Flow '{}' metrics: {}://{}:{}{}", flow, tls == null ? "http" : "https", host.contains(":") ? "[" + host + "]" : host,
        server.port(), MetricsAnswer.PATH);
    return server;
  }

  /** The port bound (the free one chosen when the configured port is 0). */
  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed.get()) {
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        return; // closed
      }
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        slots.release();
        if (!closed.get()) {
          LOG.warn("Flow '{}': the monitoring port failed to accept a connection: {}", flow, e.toString());
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // e.g. out of file descriptors: no busy loop
        }
        continue;
      }
      connections.add(socket);
      if (closed.get()) { // close() may have swept the connections before this one was added
        end(socket);
        return;
      }
      try {
        workers.execute(() -> serve(socket));
      } catch (RejectedExecutionException e) {
        end(socket); // closed meanwhile
      }
    }
  }

  /** Answers one request on {@code raw}, within the deadlines; always ends the connection. */
  private void serve(Socket raw) {
    Deadline deadline = new Deadline(raw);
    Socket socket = raw;
    try {
      deadline.arm(REQUEST_DEADLINE);
      socket = tls == null ? raw : handshake(raw);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      HttpRequestHead request;
      try {
        request = HttpRequestHead.read(new BufferedInputStream(socket.getInputStream()));
      } catch (HttpRequestHead.Refused refused) {
        MetricsAnswer.error(out, refused.status, refused.getMessage());
        return;
      }
      if (request == null) {
        return; // connected and left
      }
      deadline.arm(RESPONSE_DEADLINE);
      try {
        answer.write(request, socket instanceof SSLSocket ssl ? peer(ssl) : null, out);
      } catch (RuntimeException e) { // a bug: the answer is decided before its first byte is written
        LOG.warn("Flow '{}': the monitoring endpoint failed", flow, e);
        MetricsAnswer.error(out, 500, "The monitoring endpoint failed; see the gateway's log");
      }
    } catch (IOException e) {
      LOG.debug("Flow '{}': a monitoring connection from {} ended early: {}", flow, raw.getRemoteSocketAddress(), e.toString());
    } finally {
      closeQuietly(socket); // over TLS this sends close_notify, still within the deadline
      deadline.disarm();
      end(raw);
    }
  }

  private SSLSocket handshake(Socket raw) throws IOException {
    SSLSocket ssl = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(raw, null, true);
    SSLParameters p = tls.sslContext().getDefaultSSLParameters();
    if (tls.clientAuth() == TlsConfig.ClientAuth.REQUIRE) {
      p.setNeedClientAuth(true);
    } else if (tls.clientAuth() == TlsConfig.ClientAuth.OPTIONAL) {
      p.setWantClientAuth(true);
    }
    ssl.setSSLParameters(p);
    ssl.startHandshake();
    return ssl;
  }

  /** The subject of the client's certificate (over mutual TLS), or null. */
  private static String peer(SSLSocket ssl) {
    try {
      return ssl.getSession().getPeerPrincipal().getName();
    } catch (SSLPeerUnverifiedException noCertificate) {
      return null;
    }
  }

  /** Closes an accepted connection and frees its slot; once per connection. */
  private void end(Socket socket) {
    closeQuietly(socket);
    connections.remove(socket);
    slots.release();
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /**
   * Stops serving at once, closing every connection; idempotent. Returns once the port is free: a
   * socket closed while a thread waits in its accept is released only when that thread has left it.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(listener);
      acceptor.interrupt();
      connections.forEach(MonitoringServer::closeQuietly);
      workers.shutdownNow();
      deadlines.shutdownNow();
      if (Thread.currentThread() != acceptor) {
        try {
          acceptor.join(ACCEPTOR_EXIT.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Closes the plain socket under a connection when its time is up, which ends any read, write or handshake on it. */
  private final class Deadline {
    private final Socket raw;
    private ScheduledFuture<?> cut;

    Deadline(Socket raw) {
      this.raw = raw;
    }

    void arm(Duration after) {
      disarm();
      try {
        cut = deadlines.schedule(() -> closeQuietly(raw), after.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        closeQuietly(raw);
      }
    }

    void disarm() {
      if (cut != null) {
        cut.cancel(false);
      }
    }
  }
}
