package dev.jflow.transport.websocket;

import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.TraceContext;
import java.util.List;
import org.glassfish.grizzly.http.server.Request;

/**
 * One route of the gateway's HTTP side: what {@link HttpEndpoints} dispatches and what {@link OpenApiDocument}
 * describes, so the two cannot drift. A path other than {@code /} ending in {@code /} is a prefix (the files under it); a route
 * without a summary is left out of the OpenAPI document.
 *
 * @param requestSchema the JSON schema of the body, or null for none
 * @param responseType the content type of a 200 answer
 * @param responseSchema the JSON schema of a 200 answer
 * @param requestExample a JSON example body, or null
 * @param errors the error statuses it may answer, each with the JSON error body
 * @param metered whether its answers are reported to the gateway's meters (Jina's API calls)
 */
record Route(String method, String path, String summary, String requestSchema, String requestExample, String responseType,
    String responseSchema, List<Integer> errors, boolean metered, Handler handler) {

  /** What serves a call of the route. */
  interface Handler {
    void serve(Call call) throws Exception;
  }

  /** One call: the request, its exchange, who presented what, its trace and the path as matched. */
  record Call(Request request, HttpExchange exchange, Credentials who, TraceContext trace, String path) {}

  /** Whether the route serves {@code path} (trailing slash already removed). */
  boolean matches(String path) {
    boolean prefix = this.path.length() > 1 && this.path.endsWith("/");
    return path.equals(this.path) || prefix && path.startsWith(this.path) && path.length() > this.path.length();
  }

  /** Whether the OpenAPI document describes it. */
  boolean documented() {
    return summary != null;
  }
}
