package dev.jflow.core.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpsExchange;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One request and its answer on a {@link MonitoringServer} connection, as the JDK's {@link HttpExchange}
 * so that {@link MetricsEndpoint} serves it unchanged. The answer always says {@code Connection: close};
 * the body was read and dropped before the handler runs.
 */
final class MonitoringExchange extends HttpExchange {
  private final HttpRequestHead request;
  private final Socket socket;
  private final OutputStream out;
  private final Headers responseHeaders = new Headers();
  private final Map<String, Object> attributes = new HashMap<>();
  private int code = -1;
  private OutputStream body;

  private MonitoringExchange(HttpRequestHead request, Socket socket, OutputStream out) {
    this.request = request;
    this.socket = socket;
    this.out = out;
  }

  /** The exchange of {@code request} on {@code socket}: an {@link HttpsExchange} over TLS, so the handler sees the peer's certificate. */
  static HttpExchange of(HttpRequestHead request, Socket socket, OutputStream out) {
    MonitoringExchange plain = new MonitoringExchange(request, socket, out);
    return socket instanceof SSLSocket ssl ? new Secure(plain, ssl.getSession()) : plain;
  }

  /** Answers {@code status} with {@code text} as its plain-text body, for a request refused before any handler. */
  static void answer(OutputStream out, int status, String text) throws IOException {
    byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
    Headers h = new Headers();
    h.set("Content-Type", "text/plain; charset=utf-8");
    out.write(head(status, h, b.length, false));
    out.write(b);
    out.flush();
  }

  private static byte[] head(int status, Headers headers, long length, boolean headRequest) {
    StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    headers.forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")) {
        values.forEach(v -> h.append(name).append(": ").append(v).append("\r\n"));
      }
    });
    if (length > 0) {
      h.append("Content-Length: ").append(length).append("\r\n");
    } else if (length < 0 && !headRequest) {
      h.append("Content-Length: 0\r\n");
    } // 0: a body of unknown length, ended by closing the connection
    return h.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
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

  @Override
  public void sendResponseHeaders(int status, long length) throws IOException {
    if (code != -1) {
      throw new IOException("The response headers were sent already, with status " + code);
    }
    code = status;
    boolean headRequest = request.method.equals("HEAD");
    out.write(head(status, responseHeaders, length, headRequest));
    body = new Body(out, headRequest || length < 0 ? 0 : length == 0 ? Long.MAX_VALUE : length);
  }

  @Override
  public OutputStream getResponseBody() {
    if (body == null) {
      throw new IllegalStateException("Send the response headers first");
    }
    return body;
  }

  @Override
  public void close() {
    try {
      out.flush();
    } catch (IOException e) {
      // the peer left; the server closes the connection next
    }
  }

  @Override
  public Headers getRequestHeaders() {
    return request.headers;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return request.uri;
  }

  @Override
  public String getRequestMethod() {
    return request.method;
  }

  @Override
  public String getProtocol() {
    return request.protocol;
  }

  @Override
  public InputStream getRequestBody() {
    return InputStream.nullInputStream();
  }

  @Override
  public int getResponseCode() {
    return code;
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return (InetSocketAddress) socket.getRemoteSocketAddress();
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public HttpContext getHttpContext() {
    throw new UnsupportedOperationException("The monitoring port has no HTTP contexts");
  }

  @Override
  public void setStreams(InputStream in, OutputStream out) {
    throw new UnsupportedOperationException("The monitoring port does not filter streams");
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }

  /** The response body: at most the announced length; closing it flushes, the server closes the connection. */
  private static final class Body extends FilterOutputStream {
    private long left;

    Body(OutputStream out, long length) {
      super(out);
      this.left = length;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > left) {
        throw new IOException("The response body is longer than the length sent in its headers");
      }
      left -= len;
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** The same exchange over TLS, with its session. */
  private static final class Secure extends HttpsExchange {
    private final MonitoringExchange plain;
    private final SSLSession session;

    Secure(MonitoringExchange plain, SSLSession session) {
      this.plain = plain;
      this.session = session;
    }

    @Override
    public SSLSession getSSLSession() {
      return session;
    }

    @Override
    public Headers getRequestHeaders() {
      return plain.getRequestHeaders();
    }

    @Override
    public Headers getResponseHeaders() {
      return plain.getResponseHeaders();
    }

    @Override
    public URI getRequestURI() {
      return plain.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
      return plain.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
      return plain.getHttpContext();
    }

    @Override
    public void close() {
      plain.close();
    }

    @Override
    public InputStream getRequestBody() {
      return plain.getRequestBody();
    }

    @Override
    public OutputStream getResponseBody() {
      return plain.getResponseBody();
    }

    @Override
    public void sendResponseHeaders(int status, long length) throws IOException {
      plain.sendResponseHeaders(status, length);
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return plain.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
      return plain.getResponseCode();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return plain.getLocalAddress();
    }

    @Override
    public String getProtocol() {
      return plain.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
      return plain.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      plain.setAttribute(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
      plain.setStreams(in, out);
    }

    @Override
    public HttpPrincipal getPrincipal() {
      return plain.getPrincipal();
    }
  }
}
