package dev.jflow.core.internal;

import dev.jflow.api.spi.Authenticator;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.MetricsAccess;
import dev.jflow.api.spi.Telemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring port's answer to one request, written as HTTP/1.1 with {@code Connection: close}:
 * {@code GET /metrics} (and HEAD, without the body) answers what {@link MetricsAccess} decides (200 with
 * the scrape, 401 with {@code WWW-Authenticate}, 403, 404 without a scrape, 500); any other path is 404
 * and any other method 405. Errors are one line of text. The caller's credentials are the
 * {@code Authorization} header's token and, over mutual TLS, its certificate's subject.
 */
final class MetricsAnswer {
  static final String PATH = "/metrics";
  private static final Logger LOG = LoggerFactory.getLogger(MetricsAnswer.class);

  private final String flow;
  private final MetricsAccess access;

  MetricsAnswer(String flow, Authenticator authenticator, Telemetry telemetry) {
    this.flow = flow;
    this.access = MetricsAccess.of(authenticator, telemetry::scrape);
  }

  /**
   * Writes the answer to {@code request} from {@code peer} (its TLS certificate's subject, or null) to
   * {@code out}; decided in full before the first byte is written.
   */
  void write(HttpRequestHead request, String peer, OutputStream out) throws IOException {
    String method = request.method;
    boolean head = method.equals("HEAD");
    if (!PATH.equals(request.uri.getPath())) {
      write(out, 404, MetricsAccess.TEXT, "", "Not found: this port serves only GET " + PATH + "\n", head);
    } else if (!head && !method.equals("GET")) {
      write(out, 405, MetricsAccess.TEXT, "Allow: GET, HEAD\r\n", "Method " + method + " is not allowed on " + PATH + ": use GET\n",
          false);
    } else {
      MetricsAccess.Outcome outcome = access.answer(Credentials.fromAuthorization(request.header("Authorization")).withPeer(peer));
      if (outcome.status() != 200) {
        LOG.debug("Flow '{}': {} {} answered {}", flow, method, PATH, outcome);
      }
      String challenge = outcome.wwwAuthenticate().map(v -> "WWW-Authenticate: " + v + "\r\n").orElse("");
      write(out, outcome.status(), outcome.contentType(), challenge, outcome.body(), head);
    }
  }

  /** Answers {@code status} with {@code text} as one line of plain text, for a request refused before it is read in full. */
  static void error(OutputStream out, int status, String text) throws IOException {
    write(out, status, MetricsAccess.TEXT, "", text + "\n", false);
  }

  /** {@code headers} are whole lines, each ending in CRLF; a HEAD answer has the length of the body it leaves out. */
  private static void write(OutputStream out, int status, String contentType, String headers, String text, boolean head)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    String top = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType + "\r\n" + headers
        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    out.write(top.getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 411: return "Length Required";
      case 413: return "Content Too Large";
      case 431: return "Request Header Fields Too Large";
      case 500: return "Internal Server Error";
      case 505: return "HTTP Version Not Supported";
      default: return "Status";
    }
  }
}
