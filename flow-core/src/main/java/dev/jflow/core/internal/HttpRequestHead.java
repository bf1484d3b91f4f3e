package dev.jflow.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request line and headers of one HTTP/1.x request, read from a stream with a size limit: what
 * the monitoring port needs to answer {@code GET /metrics}. A request that is too large or malformed
 * fails with a {@link Refused} carrying the status to answer.
 */
final class HttpRequestHead {
  /** The most a request line and its headers may take together, in bytes. */
  static final int MAX_HEAD = 8192;
  /** The largest request body the port reads (and discards) before answering. */
  static final int MAX_BODY = 8192;

  final String method;
  final URI uri;
  final String protocol;
  // by name in any case, the first value of each
  private final Map<String, String> headers;

  private HttpRequestHead(String method, URI uri, String protocol, Map<String, String> headers) {
    this.method = method;
    this.uri = uri;
    this.protocol = protocol;
    this.headers = headers;
  }

  /** The first value of header {@code name} (in any case), or null when the request has none. */
  String header(String name) {
    return headers.get(name);
  }

  /** A request refused before it reaches the endpoint, with the status to answer. */
  static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * Reads the head of the next request from {@code in}, then reads and drops its body.
   *
   * @return null when the peer closed the connection before sending anything
   * @throws Refused when the request is malformed, too large or not HTTP/1.x
   */
  static HttpRequestHead read(InputStream in) throws IOException {
    String head = readHead(in);
    if (head == null) {
      return null;
    }
    String[] lines = head.split("\r?\n", -1);
    String[] line = lines[0].split(" ", -1);
    if (line.length != 3 || line[0].isEmpty() || !line[0].chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new Refused(400, "Malformed request line: " + lines[0]);
    }
    if (!line[2].startsWith("HTTP/1.")) {
      throw new Refused(505, "This port speaks HTTP/1.1, got " + line[2]);
    }
    URI uri;
    try {
      uri = new URI(line[1]);
    } catch (java.net.URISyntaxException e) {
      throw new Refused(400, "Malformed request target: " + e.getMessage());
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new Refused(400, "Malformed header line: " + lines[i]);
      }
      headers.putIfAbsent(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
    }
    skipBody(in, headers);
    return new HttpRequestHead(line[0], uri, line[2], headers);
  }

  /** The bytes up to the blank line that ends the head (leading blank lines skipped), or null when the stream ends before any. */
  private static String readHead(InputStream in) throws IOException {
    byte[] buf = new byte[MAX_HEAD];
    int n = 0;
    int c;
    while ((c = in.read()) != -1) {
      if (n == 0 && (c == '\r' || c == '\n')) {
        continue;
      }
      if (n == buf.length) {
        throw new Refused(431, "The request line and headers exceed " + MAX_HEAD + " bytes");
      }
      buf[n++] = (byte) c;
      if (c == '\n' && (endsWith(buf, n, "\n\n") || endsWith(buf, n, "\r\n\r\n"))) {
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1).strip();
      }
    }
    if (n == 0) {
      return null;
    }
    throw new IOException("The connection closed in the middle of the request head");
  }

  private static boolean endsWith(byte[] buf, int n, String end) {
    if (n < end.length()) {
      return false;
    }
    for (int i = 0; i < end.length(); i++) {
      if (buf[n - end.length() + i] != end.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static void skipBody(InputStream in, Map<String, String> headers) throws IOException {
    if (headers.containsKey("Transfer-Encoding")) {
      throw new Refused(411, "This port takes no chunked request body; send Content-Length, or no body");
    }
    String length = headers.get("Content-Length");
    if (length == null) {
      return;
    }
    long n;
    try {
      n = Long.parseLong(length);
    } catch (NumberFormatException e) {
      throw new Refused(400, "Malformed Content-Length: " + length);
    }
    if (n < 0) {
      throw new Refused(400, "Malformed Content-Length: " + length);
    }
    if (n > MAX_BODY) {
      throw new Refused(413, "The request body of " + n + " bytes exceeds " + MAX_BODY + "; GET /metrics takes none");
    }
    if (in.readNBytes((int) n).length < n) {
      throw new IOException("The connection closed in the middle of the request body");
    }
  }
}
