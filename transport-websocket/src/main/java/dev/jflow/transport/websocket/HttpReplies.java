package dev.jflow.transport.websocket;

import dev.jflow.api.internal.JsonWriter;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glassfish.grizzly.http.server.Response;

/** Writing JSON answers and errors, and the HTTP status of each failure code. */
final class HttpReplies {
  private HttpReplies() {}

  /** Writes {@code json} with {@code status}; returns the bytes of the body. */
  static long json(Response response, int status, String json) throws IOException {
    return write(response, status, "application/json", json);
  }

  /** Writes {@code body} of {@code contentType} with {@code status}; returns the bytes of the body. */
  static long write(Response response, int status, String contentType, String body) throws IOException {
    return writeAs(response, status, contentType + "; charset=utf-8", body);
  }

  /** Writes {@code body} with {@code status} and the {@code contentType} as given; returns the bytes of the body. */
  static long writeAs(Response response, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(bytes.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(bytes);
    }
    return bytes.length;
  }

  /** Writes {@code body} of {@code contentType} with {@code status}, cacheable for {@code maxAgeSeconds}; returns its bytes. */
  static long bytes(Response response, int status, String contentType, byte[] body, int maxAgeSeconds) throws IOException {
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(body.length);
    response.setHeader("Cache-Control", "public, max-age=" + maxAgeSeconds);
    response.setHeader("X-Content-Type-Options", "nosniff");
    try (OutputStream out = response.getOutputStream()) {
      out.write(body);
    }
    return body.length;
  }

  /** Writes the error body {@code {"status": 404, "code": "NOT_FOUND", "description": "..."}}; returns its bytes. */
  static long error(Response response, int status, String code, String description) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("code", code);
    body.put("description", description);
    return json(response, status, JsonWriter.write(body));
  }

  /**
   * Writes the error body for a failure; a 401 says with {@code WWW-Authenticate} that a bearer token is
   * wanted (RFC 6750). Returns the bytes of the body.
   */
  static long error(Response response, FlowException e) throws IOException {
    if (e.code() == Status.Code.UNAUTHENTICATED) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"jflow\"");
    }
    return error(response, httpStatus(e.code()), e.code().name(), e.status().description());
  }

  /** The HTTP status for a failure with {@code code}. */
  static int httpStatus(Status.Code code) {
    switch (code) {
      case INVALID_ARGUMENT: return 400;
      case NOT_FOUND: return 404;
      case UNAUTHENTICATED: return 401;
      case PERMISSION_DENIED: return 403;
      case RESOURCE_EXHAUSTED: return 413;
      case DEADLINE_EXCEEDED: return 504;
      case UNAVAILABLE: case FAILED_PRECONDITION: case CANCELLED: return 503;
      default: return 500;
    }
  }
}
