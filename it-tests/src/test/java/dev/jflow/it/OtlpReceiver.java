package dev.jflow.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP trace receiver on 127.0.0.1 (the JDK's HttpServer): decodes each protobuf
 * {@code ExportTraceServiceRequest} POSTed to {@code /v1/traces} and keeps its spans, as an
 * OpenTelemetry Collector would receive them from another process. Close it to stop listening.
 */
final class OtlpReceiver implements AutoCloseable {
  private static final int MAX_BODY = 16 << 20;

  /** One received span; ids in lower-case hex, {@code parentSpanId} empty for a root span. */
  record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind) {
    @Override
    public String toString() {
      return service + ":" + name + "(" + kind + ", trace " + traceId + ", span " + spanId + ", parent "
          + (parentSpanId.isEmpty() ? "none" : parentSpanId) + ")";
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "otlp-receiver"));
  private final Queue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();
  private final Queue<String> problems = new ConcurrentLinkedQueue<>();

  private OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/v1/traces", this::receive);
    server.setExecutor(executor);
    server.start();
  }

  /** A receiver listening on a free port of 127.0.0.1. */
  static OtlpReceiver start() throws IOException {
    return new OtlpReceiver();
  }

  /** The URL to export traces to: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  /** Every span received so far, in arrival order. */
  List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  /** What the receiver could not take (a wrong method, content type or an undecodable body), for failure messages. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
      if (!"POST".equals(exchange.getRequestMethod()) || !type.startsWith("application/x-protobuf")) {
        problems.add(exchange.getRequestMethod() + " " + type + " (only POST application/x-protobuf is taken: OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)");
        exchange.sendResponseHeaders(415, -1);
        return;
      }
      ExportTraceServiceRequest request;
      try (InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
          ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          problems.add("a body over " + MAX_BODY + " bytes");
          exchange.sendResponseHeaders(413, -1);
          return;
        }
        request = ExportTraceServiceRequest.parseFrom(bytes);
      } catch (IOException e) {
        problems.add("an undecodable ExportTraceServiceRequest: " + e);
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      for (ResourceSpans resource : request.getResourceSpansList()) {
        String service = serviceName(resource.getResource());
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          for (Span s : scope.getSpansList()) {
            spans.add(new ReceivedSpan(service, hex(s.getTraceId()), hex(s.getSpanId()), hex(s.getParentSpanId()), s.getName(), s.getKind()));
          }
        }
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  private static String serviceName(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name")) {
        return kv.getValue().getStringValue();
      }
    }
    return "?";
  }

  private static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  /** Stops listening at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
