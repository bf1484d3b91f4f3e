package dev.jflow.core.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import dev.jflow.api.FlowException;
import dev.jflow.api.spi.Authenticator;
import dev.jflow.api.spi.Caller;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.Telemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * {@code GET /metrics} (and HEAD): 200 with the scrape in its content type; 404 when no scrape is
 * configured or for any other path; 405 for other methods; 401 (with {@code WWW-Authenticate: Bearer})
 * when the gateway's authenticator refuses the {@code Authorization} header's token; 403 for a caller
 * without a role. Errors are one line of text.
 */
final class MetricsEndpoint implements HttpHandler {
  static final String PATH = "/metrics";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final String flow;
  private final Authenticator authenticator;
  private final Telemetry telemetry;

  MetricsEndpoint(String flow, Authenticator authenticator, Telemetry telemetry) {
    this.flow = flow;
    this.authenticator = authenticator;
    this.telemetry = telemetry;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        send(exchange, 404, TEXT, "Not found: this port serves only GET " + PATH);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, TEXT, "Method " + method + " is not allowed on " + PATH + ": use GET");
        return;
      }
      Caller caller;
      try {
        caller = authenticator.authenticate(credentials(exchange));
      } catch (FlowException refused) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        send(exchange, 401, TEXT, refused.status().description());
        return;
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(MetricsEndpoint.class).warn("Flow '{}': the authenticator failed on {}", flow, PATH, e);
        send(exchange, 500, TEXT, "The gateway's authenticator failed: " + e);
        return;
      }
      if (caller == null || caller.roles().isEmpty()) {
        send(exchange, 403, TEXT, "Caller " + caller + " has no role; " + PATH + " needs a data or admin token");
        return;
      }
      Optional<MetricsScrape> scrape = telemetry.scrape();
      if (scrape.isEmpty()) {
        send(exchange, 404, TEXT, "Flow '" + flow + "' has no metrics scrape configured: set FlowTelemetry.builder().scrape(...)");
        return;
      }
      String body;
      try {
        body = scrape.get().scrape();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(MetricsEndpoint.class).warn("Flow '{}': the metrics scrape failed", flow, e);
        send(exchange, 500, TEXT, "The metrics scrape failed: " + e);
        return;
      }
      send(exchange, 200, scrape.get().contentType(), body);
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
    byte[] body = (status == 200 ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
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
