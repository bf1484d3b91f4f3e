package dev.jflow.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.core.testing.TestExecutors;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Swagger UI at {@code /docs} from the webjar, and the search page at {@code /}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebPagesTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Flow flow;
  private static int port;

  @BeforeAll
  static void start() {
    flow = Flow.builder().restful(true).host("127.0.0.1").add("indexer", TestExecutors.MemoryIndexer::new).build().start();
    port = flow.async().gatewayAddress().port();
  }

  @AfterAll
  static void stop() {
    flow.close();
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String type(HttpResponse<?> r) {
    return r.headers().firstValue("Content-Type").orElse("");
  }

  @Test
  void docsIsSwaggerUiOnOurDocumentWithItsFilesFromTheWebjar() throws Exception {
    HttpResponse<byte[]> page = get("/docs");
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertEquals(200, page.statusCode());
    assertTrue(type(page).startsWith("text/html"), type(page));
    assertTrue(html.contains("/docs/swagger-ui-bundle.js") && html.contains("/docs/swagger-ui.css"), html);
    assertTrue(new String(get("/docs/jflow-docs.js").body(), StandardCharsets.UTF_8).contains("\"/openapi.json\""));

    HttpResponse<byte[]> bundle = get("/docs/swagger-ui-bundle.js");
    assertEquals(200, bundle.statusCode());
    assertEquals("text/javascript; charset=utf-8", type(bundle));
    assertTrue(bundle.body().length > 1_000_000, "the whole bundle: " + bundle.body().length);
    assertTrue(bundle.headers().firstValue("Cache-Control").orElse("").contains("max-age="), "cacheable");
    assertEquals("text/css; charset=utf-8", type(get("/docs/swagger-ui.css")));
    assertEquals("image/png", type(get("/docs/favicon-32x32.png")));
    assertEquals(404, get("/docs/no-such-file.js").statusCode());
  }

  @Test
  void docsServesNothingOutsideTheWebjarsFolder() throws Exception {
    for (String path : new String[] {"/docs/../../pom.xml", "/docs/..%2F..%2Fpom.xml", "/docs/%2e%2e/%2e%2e/pom.properties",
        "/docs/../../../maven/org.webjars/swagger-ui/pom.xml", "/docs/sub/swagger-ui.css", "/docs/..",
        "/docs/dev/jflow/transport/websocket/search.html", "/docs/module-info.class", "/docs/.%2e/index.html"}) {
      String answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 400"), path + " -> " + answer);
      assertTrue(!answer.contains("<project") && !answer.contains("artifactId"), path + " leaked a file: " + answer);
    }
  }

  @Test
  void rootIsTheSearchPageCallingSearchAndStatusAsJson() throws Exception {
    HttpResponse<byte[]> page = get("/");
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertEquals(200, page.statusCode());
    assertTrue(type(page).startsWith("text/html"), type(page));
    assertTrue(html.contains("\"/search\"") && html.contains("top_k") && html.contains("\"/status\""), "it calls the API");
    assertTrue(html.contains("\"Content-Type\": \"application/json\"") && html.contains("\"Bearer \""), "as JSON, with a token");
    assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "no files from elsewhere");
  }

  private static String raw(String request) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.UTF_8);
    }
  }
}
