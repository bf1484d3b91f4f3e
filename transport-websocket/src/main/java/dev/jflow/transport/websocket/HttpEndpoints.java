package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.RequestHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.http.server.HttpHandler;

/**
 * The HTTP side of the gateway, Jina's REST API: {@code GET /status}, {@code POST /index},
 * {@code POST /search}, {@code PUT /update}, {@code DELETE /delete}, {@code POST /reload}, and
 * {@code GET /docs} with {@code GET /openapi.json}. Answers are JSON; errors are
 * {@code {"status", "code", "description"}} with a 4xx or 5xx status. Every answer carries the
 * configured CORS header; {@code OPTIONS} answers preflights.
 */
final class HttpEndpoints extends HttpHandler {
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);
  private static final Map<String, String> ROUTES = new LinkedHashMap<>();

  static {
    ROUTES.put("/status", "GET");
    ROUTES.put("/index", "POST");
    ROUTES.put("/search", "POST");
    ROUTES.put("/update", "PUT");
    ROUTES.put("/delete", "DELETE");
    ROUTES.put("/reload", "POST");
    ROUTES.put("/docs", "GET");
    ROUTES.put("/openapi.json", "GET");
    ROUTES.put(StreamEndpoint.PATH, "GET");
  }

  private final RequestHandler handler;
  private final Admission admission;
  private final GatewayConfig config;
  private final WebSocketSettings settings;

  HttpEndpoints(RequestHandler handler, Admission admission, GatewayConfig config, WebSocketSettings settings) {
    this.handler = handler;
    this.admission = admission;
    this.config = config;
    this.settings = settings;
  }

  @Override
  public void service(org.glassfish.grizzly.http.server.Request req, org.glassfish.grizzly.http.server.Response resp) throws Exception {
    cors(req, resp);
    String path = req.getRequestURI();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String method = req.getMethod().getMethodString();
    String allowed = ROUTES.get(path);
    if (allowed == null) {
      HttpReplies.error(resp, 404, "NOT_FOUND", "no endpoint at " + method + " " + path + "; the endpoints are "
          + endpoints() + " and WebSocket " + StreamEndpoint.PATH);
      return;
    }
    if (method.equals("OPTIONS")) {
      resp.setHeader("Allow", allowed + ", OPTIONS");
      resp.setStatus(204);
      return;
    }
    if (!method.equals(allowed)) {
      resp.setHeader("Allow", allowed + ", OPTIONS");
      HttpReplies.error(resp, 405, "METHOD_NOT_ALLOWED", path + " takes " + allowed + ", not " + method);
      return;
    }
    try {
      route(path, req, resp);
    } catch (FlowException e) {
      HttpReplies.error(resp, e);
    }
  }

  private void route(String path, org.glassfish.grizzly.http.server.Request req, org.glassfish.grizzly.http.server.Response resp)
      throws IOException {
    switch (path) {
      case "/status":
        status(resp);
        break;
      case "/index":
        crud(RequestType.INDEX, body(req), resp);
        break;
      case "/search":
        crud(RequestType.SEARCH, body(req), resp);
        break;
      case "/update":
        crud(RequestType.UPDATE, body(req), resp);
        break;
      case "/delete":
        crud(RequestType.DELETE, body(req), resp);
        break;
      case "/reload":
        String text = body(req);
        run(List.of(reload(text)), Utf8.length(text), resp);
        break;
      case "/docs":
        HttpReplies.write(resp, 200, "text/html", DocsPage.HTML);
        break;
      case "/openapi.json":
        HttpReplies.json(resp, 200, DocsPage.OPENAPI);
        break;
      default: // /stream without an upgrade
        HttpReplies.error(resp, 426, "UPGRADE_REQUIRED", StreamEndpoint.PATH + " is a WebSocket endpoint; connect with a "
            + "WebSocket client to ws://<host>:<port>" + StreamEndpoint.PATH);
    }
  }

  private static String endpoints() {
    List<String> all = new ArrayList<>();
    ROUTES.forEach((p, m) -> {
      if (!p.equals(StreamEndpoint.PATH)) {
        all.add(m + " " + p);
      }
    });
    return String.join(", ", all);
  }

  private void cors(org.glassfish.grizzly.http.server.Request req, org.glassfish.grizzly.http.server.Response resp) {
    String origin = settings.corsAllowOrigin();
    if (origin.isEmpty()) {
      return;
    }
    resp.setHeader("Access-Control-Allow-Origin", origin);
    if (!origin.equals("*")) {
      resp.setHeader("Vary", "Origin");
    }
    if (req.getMethod().getMethodString().equals("OPTIONS")) {
      String headers = req.getHeader("Access-Control-Request-Headers");
      resp.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
      resp.setHeader("Access-Control-Allow-Headers", headers == null || headers.isBlank() ? "Content-Type" : headers);
      resp.setHeader("Access-Control-Max-Age", "600");
    }
  }

  /** The body as text, refused over {@code maxMessageSize}. */
  private String body(org.glassfish.grizzly.http.server.Request req) throws IOException {
    long max = config.maxMessageSize();
    long declared = req.getContentLengthLong();
    if (declared > max) {
      throw tooBig(declared);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    byte[] chunk = new byte[8192];
    try (InputStream in = req.getInputStream()) {
      for (int n; (n = in.read(chunk)) > 0; ) {
        if (out.size() + n > max) {
          throw tooBig(out.size() + n);
        }
        out.write(chunk, 0, n);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private FlowException tooBig(long size) {
    return new FlowException(Status.Code.RESOURCE_EXHAUSTED, "the body has " + (size > config.maxMessageSize() ? "more than " : "")
        + config.maxMessageSize() + " bytes, the gateway's maxMessageSize; send fewer documents per call");
  }

  /** A CONTROL RELOAD request for the {@code targets} (pod name regexes) of the body; none reloads every pod. */
  private static Request reload(String body) {
    List<String> targets = new ArrayList<>();
    if (!body.isBlank()) {
      Object t = HttpBody.object(body).get("targets");
      if (t instanceof List) {
        ((List<?>) t).forEach(x -> targets.add(String.valueOf(x)));
      } else if (t != null) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "\"targets\" must be an array of pod name patterns, got "
            + DocumentItems.describe(t));
      }
    }
    return control("RELOAD", targets);
  }

  private static Request control(String command, List<String> targets) {
    return Request.builder(RequestType.CONTROL)
        .parameters(Map.of("command", command, "targets", targets, "propagate", true, "args", Map.of())).build();
  }

  private void crud(RequestType type, String body, org.glassfish.grizzly.http.server.Response resp) {
    run(HttpBody.parse(type, body, HttpBody.MAX_ITEMS, config.maxMessageSize()), Utf8.length(body), resp);
  }

  /** Runs the requests of a body of {@code bodyBytes} and answers the JSON array of their responses, in request order. */
  private void run(List<Request> requests, long bodyBytes, org.glassfish.grizzly.http.server.Response resp) {
    HttpCall call = new HttpCall(admission, requests, bodyBytes);
    resp.suspend(0, TimeUnit.MILLISECONDS, new EmptyCompletionHandler<>() {
      @Override
      public void cancelled() {
        call.cancel(new FlowException(Status.Code.CANCELLED, "the HTTP client went away"));
      }
    });
    call.run().whenComplete((responses, error) -> {
      reply(resp, () -> {
        if (error != null) {
          HttpReplies.error(resp, Futures.toFlowException(error));
        } else {
          HttpReplies.json(resp, 200, ResponsesJson.array(responses));
        }
      });
    });
  }

  /** {@code GET /status}: version, readiness, protocol and, when the Flow answers a STATUS command, its pods. */
  private void status(org.glassfish.grizzly.http.server.Response resp) {
    resp.suspend();
    CompletableFuture<Response> f;
    try {
      f = handler.handle(control("STATUS", List.of()), STATUS_TIMEOUT);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((r, error) -> reply(resp, () -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("jflow", Version.JFLOW);
      body.put("protocol", WebSocketTransportProvider.NAME);
      body.put("ready", handler.isReady());
      Runtime rt = Runtime.getRuntime();
      body.put("used_memory", String.format(java.util.Locale.ROOT, "%.1f MB", (rt.totalMemory() - rt.freeMemory()) / 1048576.0));
      if (error == null && r != null && r.parameters().get("args") instanceof Map) {
        body.put("flow", r.parameters().get("args"));
      }
      HttpReplies.json(resp, 200, JsonWriter.write(body));
    }));
  }

  private interface Reply {
    void write() throws IOException;
  }

  private static void reply(org.glassfish.grizzly.http.server.Response resp, Reply reply) {
    try {
      reply.write();
    } catch (IOException | RuntimeException e) {
      try {
        HttpReplies.error(resp, 500, "INTERNAL", "cannot write the answer: " + e);
      } catch (IOException | RuntimeException ignored) {
        // the client is gone
      }
    } finally {
      resp.resume();
    }
  }
}
