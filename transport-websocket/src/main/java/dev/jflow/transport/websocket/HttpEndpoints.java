package dev.jflow.transport.websocket;

import dev.jflow.api.internal.JsonWriter;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.Admission;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.MetricsAccess;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TraceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpHandler;

/**
 * The HTTP side of the gateway, Jina's REST API: {@code GET /status}, {@code POST /index},
 * {@code POST /search}, {@code PUT /update}, {@code DELETE /delete}, {@code POST /reload},
 * {@code GET /openapi.json} (generated from the same {@link Route} table the calls are dispatched from),
 * {@code GET /docs} (Swagger UI from its webjar, files under {@code /docs/}), {@code GET /} (a search page), {@code GET /flow} (the Flow's Mermaid picture, for an admin),
 * and {@code GET /metrics} (the Flow's meters for a scraper, see {@link #metrics}). The pages, their files and
 * the document need no token; they hold no data, and their calls carry the token the user gives. Only the answers of Jina's API calls are reported to the gateway's meters
 * as sent, each body whole (the responses of all its requests). Answers are JSON; errors are
 * {@code {"status", "code", "description"}} with a 4xx or 5xx status. Bodies must be
 * {@code application/json} (else 415, unread: see {@link JsonContentType}). CORS headers go only to
 * the origins {@code websocket.cors} allows ({@link CorsPolicy}, none by default); {@code OPTIONS}
 * answers their preflights and refuses other origins' with 403. A client sends its bearer token as
 * {@code Authorization: Bearer <token>} (over mutual TLS its certificate's subject is presented as
 * well); the admission answers 401 (with {@code WWW-Authenticate}) or
 * 403 for what it refuses. The W3C {@code traceparent} and {@code tracestate} headers of a call make its
 * requests part of the caller's trace.
 */
final class HttpEndpoints extends HttpHandler {
  private final RequestHandler handler;
  private final Admission admission;
  private final java.util.concurrent.Executor answers;
  private final GatewayConfig config;
  private final WebSocketSettings settings;
  private final GatewayMetrics metrics;
  private final MetricsAccess metricsAccess;
  private final AtomicInteger readingBodies = new AtomicInteger();
  private final WebJarFiles swaggerUi = new WebJarFiles(HttpEndpoints.class.getClassLoader());
  private final List<Route> routes;
  private final String openApi;

  /**
   * @param answers where answers are written: a write may block on a slow client, so it must not run
   *     on the thread that completed the last request (a pod's, a timer's)
   * @param metrics where the bytes of every answer are reported
   */
  HttpEndpoints(RequestHandler handler, Admission admission, GatewayConfig config, WebSocketSettings settings,
      java.util.concurrent.Executor answers, GatewayMetrics metrics) {
    this.handler = handler;
    this.admission = admission;
    this.answers = answers;
    this.config = config;
    this.settings = settings;
    this.metrics = metrics;
    this.metricsAccess = MetricsAccess.of(config.authenticator(), handler::metricsScrape);
    this.routes = routes();
    this.openApi = OpenApiDocument.of(routes);
  }

  /** The route table: what {@link #serve} dispatches and what {@code /openapi.json} describes. */
  private List<Route> routes() {
    List<Integer> body = List.of(400, 401, 403, 413, 415, 503, 504);
    String json = "application/json";
    return List.of(
        new Route("GET", "/status", "Version, readiness and, when the Flow reports it, its pods", null, null, json,
            Schemas.STATUS, List.of(401, 403), true, c -> status(c.exchange(), c.who(), c.trace())),
        new Route("POST", "/index", "Index documents", Schemas.DATA, Schemas.INDEX_EXAMPLE, json, Schemas.RESPONSES, body, true,
            c -> withBody(c.request(), c.exchange(), b -> crud(RequestType.INDEX, b, c))),
        new Route("POST", "/search", "Search documents: each query document comes back with its matches, each with its score",
            Schemas.DATA, Schemas.SEARCH_EXAMPLE, json, Schemas.RESPONSES, body, true,
            c -> withBody(c.request(), c.exchange(), b -> crud(RequestType.SEARCH, b, c))),
        new Route("PUT", "/update", "Update documents", Schemas.DATA, Schemas.INDEX_EXAMPLE, json, Schemas.RESPONSES, body, true,
            c -> withBody(c.request(), c.exchange(), b -> crud(RequestType.UPDATE, b, c))),
        new Route("DELETE", "/delete", "Delete documents by id", Schemas.DATA, Schemas.DELETE_EXAMPLE, json, Schemas.RESPONSES,
            body, true, c -> withBody(c.request(), c.exchange(), b -> crud(RequestType.DELETE, b, c))),
        new Route("POST", "/reload", "Reload the executors of the pods matching targets", Schemas.RELOAD, Schemas.RELOAD_EXAMPLE,
            json, Schemas.RESPONSES, body, true, c -> withBody(c.request(), c.exchange(),
                b -> run(List.of(reload(b)), Utf8.length(b), c.exchange(), c.who(), c.trace()))),
        new Route("GET", "/metrics", "The Flow's meters for a scraper (Prometheus text format), for any caller the gateway"
            + " admits with a role", null, null, "text/plain", Schemas.TEXT, List.of(401, 403, 404, 500), false,
            c -> metrics(c.exchange(), c.who())),
        new Route("GET", "/flow", "The Flow's pods as Mermaid flowchart source (what jflow export mermaid prints), for a caller"
            + " the gateway admits with the admin role", null, null, json, Schemas.FLOW, List.of(401, 403, 404, 500), false,
            c -> flow(c.exchange(), c.who())),
        new Route("GET", "/", null, null, null, "text/html", null, List.of(), false,
            c -> c.exchange().answer(r -> HttpReplies.bytes(r, 200, "text/html; charset=utf-8", SearchPage.HTML, 60))),
        new Route("GET", "/docs", null, null, null, "text/html", null, List.of(), false,
            c -> c.exchange().answer(r -> HttpReplies.write(r, 200, "text/html",
                swaggerUi.present() ? DocsPage.HTML : DocsPage.WITHOUT_WEBJAR))),
        new Route("GET", "/docs/", null, null, null, "text/javascript", null, List.of(), false, this::docsFile),
        new Route("GET", "/openapi.json", null, null, null, json, null, List.of(), false,
            c -> c.exchange().answer(r -> HttpReplies.json(r, 200, openApi))),
        new Route("GET", StreamEndpoint.PATH, null, null, null, json, null, List.of(), false,
            c -> c.exchange().answer(r -> HttpReplies.error(r, 426, "UPGRADE_REQUIRED", StreamEndpoint.PATH
                + " is a WebSocket endpoint; connect with a WebSocket client to ws://<host>:<port>" + StreamEndpoint.PATH))));
  }

  /** Serves one call; whatever fails, an Error included, is answered with a JSON error and never leaks to Grizzly. */
  @Override
  public void service(org.glassfish.grizzly.http.server.Request req, org.glassfish.grizzly.http.server.Response resp) {
    HttpExchange ex = new HttpExchange(req, resp);
    ex.guard(() -> serve(req, resp, ex));
  }

  private void serve(org.glassfish.grizzly.http.server.Request req, org.glassfish.grizzly.http.server.Response resp,
      HttpExchange ex) throws Exception {
    String origin = req.getHeader("Origin");
    boolean preflight = req.getMethod().getMethodString().equals("OPTIONS") && req.getHeader("Access-Control-Request-Method") != null;
    settings.cors().headers(origin, preflight).forEach(resp::setHeader);
    String path = req.getRequestURI();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String method = req.getMethod().getMethodString();
    String asked = path;
    List<Route> here = routes.stream().filter(r -> r.matches(asked)).toList();
    String allowed = String.join(", ", here.stream().map(Route::method).toList());
    if (here.isEmpty()) {
      String where = path;
      ex.answer(r -> HttpReplies.error(r, 404, "NOT_FOUND", "no endpoint at " + method + " " + where
          + "; the endpoints are " + endpoints() + " and WebSocket " + StreamEndpoint.PATH));
      return;
    }
    if (method.equals("OPTIONS")) {
      resp.setHeader("Allow", allowed + ", OPTIONS");
      if (preflight && origin != null && !settings.cors().allows(origin)) {
        ex.answer(r -> HttpReplies.error(r, 403, "FORBIDDEN", "pages of origin " + origin + " may not call this gateway from a"
            + " browser; the gateway option websocket.cors lists the origins that may"));
        return;
      }
      ex.answer(r -> {
        r.setStatus(204);
        return 0;
      });
      return;
    }
    Route route = here.stream().filter(r -> r.method().equals(method)).findFirst().orElse(null);
    if (route == null) {
      resp.setHeader("Allow", allowed + ", OPTIONS");
      String where = path;
      ex.answer(r -> HttpReplies.error(r, 405, "METHOD_NOT_ALLOWED", where + " takes " + allowed + ", not " + method));
      return;
    }
    route(route, path, req, ex);
  }

  private void route(Route route, String path, org.glassfish.grizzly.http.server.Request req, HttpExchange ex) throws Exception {
    // the admission decides what they are worth
    Credentials who = Credentials.fromAuthorization(req.getHeader("Authorization")).withPeer(TlsPeer.of(ex.connection()));
    if (route.metered()) {
      ex.metered(metrics);
    }
    TraceContext trace = TraceContext.of(req.getHeader(TraceContext.TRACEPARENT), req.getHeader(TraceContext.TRACESTATE));
    route.handler().serve(new Route.Call(req, ex, who, trace, path));
  }

  /** {@code GET /docs/<file>}: our starter script, or one of Swagger UI's files from its webjar; else 404. */
  private void docsFile(Route.Call c) throws Exception {
    String name = c.path().substring("/docs/".length());
    if (name.equals("jflow-docs.js")) {
      byte[] script = DocsPage.SCRIPT.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      c.exchange().answer(r -> HttpReplies.bytes(r, 200, "text/javascript; charset=utf-8", script, 60));
      return;
    }
    java.util.Optional<WebJarFiles.File> file = swaggerUi.file(name);
    if (file.isEmpty()) {
      c.exchange().answer(r -> HttpReplies.error(r, 404, "NOT_FOUND", "no file " + c.path() + "; /docs/ serves the files of"
          + " Swagger UI " + WebJarFiles.VERSION + " (org.webjars:swagger-ui on the class path), such as /docs/swagger-ui.css"));
      return;
    }
    WebJarFiles.File f = file.get();
    c.exchange().answer(r -> HttpReplies.bytes(r, 200, f.contentType(), f.bytes(), 3600));
  }

  private interface BodyUse {
    void accept(String body) throws Exception;
  }

  /**
   * Reads the body without blocking (no worker waits for a client's bytes), then hands it to
   * {@code use}; answers 415 unless it is JSON, 413 over {@code maxMessageSize} and 408 after
   * {@code bodyReadTimeout}.
   */
  private void withBody(org.glassfish.grizzly.http.server.Request req, HttpExchange ex, BodyUse use) {
    ex.suspend();
    // A connection whose body was read without blocking is not reused: Grizzly left about one call in a
    // hundred unanswered on such a connection (HttpRepeatedCallsTest); a new connection costs far less.
    ex.close();
    String type = req.getHeader("Content-Type");
    if (!JsonContentType.accepts(type)) {
      ex.closeAfterReading(BodyReader.discard(req).rest());
      String why = JsonContentType.refusal(req.getMethod().getMethodString(), req.getRequestURI(), type);
      ex.answer(r -> HttpReplies.error(r, 415, "UNSUPPORTED_MEDIA_TYPE", why));
      return;
    }
    readingBodies.incrementAndGet();
    BodyReader reader = BodyReader.read(req, config.maxMessageSize(), settings.bodyReadTimeout());
    ex.closeAfterReading(reader.rest());
    CompletableFuture<String> body = reader.body();
    ex.onGone(() -> body.cancel(false));
    body.whenComplete((text, error) -> ex.guard(() -> {
      readingBodies.decrementAndGet();
      if (error != null) {
        ex.fail(error);
      } else {
        use.accept(text);
      }
    }));
  }

  private String endpoints() {
    List<String> all = new ArrayList<>();
    routes.forEach(r -> {
      if (!r.path().equals(StreamEndpoint.PATH)) {
        all.add(r.method() + " " + r.path());
      }
    });
    return String.join(", ", all);
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

  private void crud(RequestType type, String body, Route.Call c) {
    run(HttpBody.parse(type, body, HttpBody.MAX_ITEMS, config.maxMessageSize()), Utf8.length(body), c.exchange(), c.who(), c.trace());
  }

  /** Runs the requests of a body of {@code bodyBytes} and answers the JSON array of their responses, in request order. */
  private void run(List<Request> requests, long bodyBytes, HttpExchange ex, Credentials who, TraceContext trace) {
    HttpCall call = new HttpCall(admission, requests, bodyBytes, who, trace);
    ex.onGone(() -> call.cancel(new FlowException(Status.Code.CANCELLED, "the HTTP client went away")));
    call.run().whenCompleteAsync((responses, error) -> {
      if (error != null) {
        ex.failRun(error);
      } else {
        ex.answer(r -> ResponsesJson.write(r, responses));
      }
    }, answers);
  }

  /**
   * {@code GET /status}: version, readiness, protocol and, when the Flow answers a STATUS command, the
   * Flow's status (its pods for an admin). The command goes through the admission like any other, so a
   * caller it refuses gets 401.
   */
  private void status(HttpExchange ex, Credentials who, TraceContext trace) {
    ex.suspend();
    CompletableFuture<Response> f = new HttpCall(admission, List.of(control("STATUS", List.of())), 0, who, trace).run()
        .thenApply(responses -> responses.get(0));
    f.whenComplete((r, error) -> {
      Status.Code refused = error == null ? null : Futures.toFlowException(error).code();
      if (refused == Status.Code.UNAUTHENTICATED || refused == Status.Code.PERMISSION_DENIED) {
        ex.fail(error);
      } else {
        answerStatus(ex, r, error);
      }
    });
  }

  private void answerStatus(HttpExchange ex, Response r, Throwable error) {
    ex.answer(resp -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("jflow", Version.JFLOW);
      body.put("protocol", WebSocketTransportProvider.NAME);
      body.put("ready", handler.isReady());
      Runtime rt = Runtime.getRuntime();
      body.put("used_memory", String.format(java.util.Locale.ROOT, "%.1f MB", (rt.totalMemory() - rt.freeMemory()) / 1048576.0));
      if (error == null && r != null && r.parameters().get("args") instanceof Map) {
        body.put("flow", r.parameters().get("args"));
      }
      return HttpReplies.json(resp, 200, JsonWriter.write(body));
    });
  }

  /**
   * {@code GET /metrics}: what {@link MetricsAccess} answers (the Flow's scrape for any caller the gateway's
   * authenticator admits with a role, rendered at most once a second), its errors written as the API's
   * JSON errors. Not a call: the admission does not see it and the meters do not count its answer.
   */
  private void metrics(HttpExchange ex, Credentials who) {
    MetricsAccess.Outcome outcome = metricsAccess.answer(who);
    if (outcome.status() == 200) {
      ex.answer(r -> HttpReplies.writeAs(r, 200, outcome.contentType(), outcome.body()));
      return;
    }
    ex.answer(r -> {
      outcome.wwwAuthenticate().ifPresent(v -> r.setHeader("WWW-Authenticate", v));
      return HttpReplies.error(r, outcome.status(), outcome.code().name(), outcome.description());
    });
  }

  /**
   * {@code GET /flow}: {@code {"mermaid": "..."}}, the Flow's pods, for a caller the gateway's authenticator
   * admits with the ADMIN role (it reveals the topology, as STATUS details do); 401 for refused credentials, 403
   * for a caller without ADMIN, 404 when the Flow draws none. Not a call: the admission and the meters do not see it.
   */
  private void flow(HttpExchange ex, Credentials who) {
    dev.jflow.api.spi.Caller caller;
    try {
      caller = config.authenticator().authenticate(who);
    } catch (FlowException refused) {
      boolean denied = refused.code() == Status.Code.PERMISSION_DENIED;
      ex.answer(r -> {
        if (!denied) {
          r.setHeader("WWW-Authenticate", "Bearer realm=\"jflow\"");
        }
        return HttpReplies.error(r, denied ? 403 : 401, denied ? "PERMISSION_DENIED" : "UNAUTHENTICATED",
            refused.status().description());
      });
      return;
    } catch (RuntimeException e) {
      System.getLogger(HttpEndpoints.class.getName()).log(System.Logger.Level.ERROR, "GET /flow: the gateway's authenticator failed", e);
      ex.answer(r -> HttpReplies.error(r, 500, "INTERNAL", "the gateway's authenticator failed; see the gateway's log"));
      return;
    }
    if (caller == null || !caller.has(dev.jflow.api.spi.Role.ADMIN)) {
      String name = caller == null ? "?" : caller.name();
      ex.answer(r -> HttpReplies.error(r, 403, "PERMISSION_DENIED", "the Flow's picture needs an admin token (it shows the"
          + " Flow's pods); caller '" + name + "' is not an admin"));
      return;
    }
    java.util.Optional<String> chart = handler.flowChart();
    if (chart.isEmpty()) {
      ex.answer(r -> HttpReplies.error(r, 404, "NOT_FOUND", "this gateway serves no Flow chart: its handler draws none"));
      return;
    }
    ex.answer(r -> HttpReplies.json(r, 200, JsonWriter.write(Map.of("mermaid", chart.get()))));
  }

  /** Calls whose body is still arriving. */
  int readingBodies() {
    return readingBodies.get();
  }
}
