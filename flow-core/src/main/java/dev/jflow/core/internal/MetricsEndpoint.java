package dev.jflow.core.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import dev.jflow.api.spi.Authenticator;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.MetricsAccess;
import dev.jflow.api.spi.Telemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * {@code GET /metrics} (and HEAD) on the monitoring port, a thin adapter of {@link MetricsAccess}, which
 * decides who may read the meters and answers 200 with the scrape (rendered at most once a second),
 * 401 (with {@code WWW-Authenticate}), 403, 404 without a scrape or 500; this class adds 404 for any
 * other path and 405 for other methods. Errors are one line of text. The caller's credentials are the
 * {@code Authorization} header's token and, over mutual TLS, its certificate's subject.
 */
final class MetricsEndpoint implements HttpHandler {
  static final String PATH = "/metrics";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MetricsEndpoint.class);

  private final String flow;
  private final MetricsAccess access;

  MetricsEndpoint(String flow, Authenticator authenticator, Telemetry telemetry) {
    this.flow = flow;
    this.access = MetricsAccess.of(authenticator, telemetry::scrape);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        send(exchange, 404, MetricsAccess.TEXT, "Not found: this port serves only GET " + PATH + "\n");
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, MetricsAccess.TEXT, "Method " + method + " is not allowed on " + PATH + ": use GET\n");
        return;
      }
      MetricsAccess.Outcome outcome = access.answer(credentials(exchange));
      if (outcome.status() != 200) {
        LOG.debug("Flow '{}': {} {} answered {}", flow, method, PATH, outcome);
      }
      outcome.wwwAuthenticate().ifPresent(v -> exchange.getResponseHeaders().set("WWW-Authenticate", v));
      send(exchange, outcome.status(), outcome.contentType(), outcome.body());
    }
  }

  private static Credentials credentials(HttpExchange exchange) {
    Credentials c = Credentials.fromAuthorization(exchange.getRequestHeaders().getFirst("Authorization"));
    if (exchange instanceof HttpsExchange) {
      try {
        return c.withPeer(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
      } catch (SSLPeerUnverifiedException noCertificate) {
        return c;
      }
    }
    return c;
  }

  private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length); // 0 would mean chunked
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
