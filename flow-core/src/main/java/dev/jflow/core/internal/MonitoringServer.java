package dev.jflow.core.internal;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.Tls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLParameters;

/**
 * A Flow's monitoring endpoint on {@link GatewayConfig#monitoringPort()}: {@code GET /metrics} answers
 * the telemetry's scrape (see {@link MetricsEndpoint}), on the gateway's host, over HTTPS with the
 * gateway's certificate when it serves TLS, to the callers its authenticator accepts. Two daemon
 * threads and a short queue serve it: a scraper asks rarely, and more callers than that are cut.
 */
final class MonitoringServer implements AutoCloseable {
  private static final int THREADS = 2;
  private static final int QUEUE = 16;
  private static final int BACKLOG = 16;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MonitoringServer(HttpServer server, ThreadPoolExecutor executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves {@code telemetry}'s scrape for Flow {@code flow} as {@code config} says.
   *
   * @throws FlowException FAILED_PRECONDITION when the port cannot be bound; INVALID_ARGUMENT for unusable TLS files
   */
  static MonitoringServer start(String flow, GatewayConfig config, Telemetry telemetry) {
    String host = config.host().startsWith("[") ? config.host().substring(1, config.host().length() - 1) : config.host();
    HttpServer server;
    try {
      InetSocketAddress address = new InetSocketAddress(host, config.monitoringPort());
      server = config.tls() == null ? HttpServer.create(address, BACKLOG) : https(address, Tls.forServer(config.tls()));
    } catch (IOException | RuntimeException e) {
      if (e instanceof FlowException) {
        throw (FlowException) e;
      }
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "Flow '" + flow + "': the monitoring port " + config.monitoringPort()
          + " on " + config.host() + " cannot be bound (" + e + "); choose another monitoringPort, or 0 for a free one", e);
    }
    ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE), ThreadPools.named("jflow-" + flow + "-monitoring"));
    server.setExecutor(executor);
    server.createContext("/", new MetricsEndpoint(flow, config.authenticator(), telemetry));
    server.start();
    MonitoringServer started = new MonitoringServer(server, executor);
    org.slf4j.LoggerFactory.getLogger(MonitoringServer.class).info("Flow '{}' serves its meters at {}://{}:{}{}", flow,
        config.tls() == null ? "http" : "https", host.contains(":") ? "[" + host + "]" : host, started.port(), MetricsEndpoint.PATH);
    return started;
  }

  private static HttpsServer https(InetSocketAddress address, Tls tls) throws IOException {
    HttpsServer server = HttpsServer.create(address, BACKLOG);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        if (tls.clientAuth() == TlsConfig.ClientAuth.REQUIRE) {
          p.setNeedClientAuth(true);
        } else if (tls.clientAuth() == TlsConfig.ClientAuth.OPTIONAL) {
          p.setWantClientAuth(true);
        }
        params.setSSLParameters(p);
      }
    });
    return server;
  }

  /** The port bound (the free one chosen when the configured port is 0). */
  int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving at once; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
