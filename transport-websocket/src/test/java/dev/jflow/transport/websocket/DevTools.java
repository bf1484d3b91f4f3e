package dev.jflow.transport.websocket;

import dev.jflow.api.internal.JsonWriter;
import dev.jflow.api.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless chromium driven over the Chrome DevTools Protocol with the JDK's WebSocket: started on a free
 * DevTools port (read from its stderr) with a fresh profile, attached to its first page; closing kills it.
 */
final class DevTools implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process chromium;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<?, ?>>> pending = new ConcurrentHashMap<>();

  private DevTools(Process chromium, Path profile, WebSocket socket) {
    this.chromium = chromium;
    this.profile = profile;
    this.socket = socket;
  }

  /** The chromium binary on the PATH, or null. */
  static Path binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** Starts {@code binary} headless and attaches to its page; fails after 15 s without a DevTools port. */
  static DevTools start(Path binary) throws Exception {
    Path profile = Files.createTempDirectory("jflow-chromium");
    Process p = new ProcessBuilder(binary.toString(), "--headless=new", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1280,900", "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      CompletableFuture<String> url = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = err.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              url.complete(m.group(1));
            }
          }
          url.completeExceptionally(new IOException("chromium ended its stderr without a DevTools port"));
        } catch (IOException e) {
          url.completeExceptionally(e);
        }
      }, "chromium-stderr");
      reader.setDaemon(true);
      reader.start();
      URI browser = URI.create(url.get(15, TimeUnit.SECONDS));
      URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
      List<?> targets = (List<?>) Json.parse(HTTP.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body());
      String page = targets.stream().map(t -> (Map<?, ?>) t).filter(t -> "page".equals(t.get("type")))
          .map(t -> (String) t.get("webSocketDebuggerUrl")).findFirst()
          .orElseThrow(() -> new IOException("chromium has no page target: " + targets));
      DevTools[] self = new DevTools[1];
      WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
          text.append(data);
          if (last) {
            self[0].received(text.toString());
            text.setLength(0);
          }
          w.request(1);
          return null;
        }
      }).get(10, TimeUnit.SECONDS);
      self[0] = new DevTools(p, profile, ws);
      return self[0];
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private void received(String message) {
    Map<?, ?> m = (Map<?, ?>) Json.parse(message);
    if (m.get("id") instanceof Number) {
      CompletableFuture<Map<?, ?>> f = pending.remove(((Number) m.get("id")).intValue());
      if (f != null) {
        if (m.get("error") != null) {
          f.completeExceptionally(new IOException("DevTools answered " + m.get("error")));
        } else {
          f.complete((Map<?, ?>) m.get("result"));
        }
      }
    }
  }

  /** Calls {@code method} with {@code params} and waits (10 s at most) for its result. */
  Map<?, ?> call(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<?, ?>> f = new CompletableFuture<>();
    pending.put(id, f);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("id", id);
    message.put("method", method);
    message.put("params", params);
    socket.sendText(JsonWriter.write(message), true).get(10, TimeUnit.SECONDS);
    return f.get(10, TimeUnit.SECONDS);
  }

  /** The value of the JavaScript {@code expression} in the page (awaiting it when a promise). */
  Object evaluate(String expression) throws Exception {
    Map<?, ?> r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    return ((Map<?, ?>) r.get("result")).get("value");
  }

  /** Opens {@code url} in the page. */
  void navigate(String url) throws Exception {
    call("Page.navigate", Map.of("url", url));
  }

  /** Writes a PNG screenshot of the page to {@code file}. */
  void screenshot(Path file) throws Exception {
    String data = (String) call("Page.captureScreenshot", Map.of("format", "png")).get("data");
    Files.createDirectories(file.getParent());
    Files.write(file, java.util.Base64.getDecoder().decode(data));
  }

  /** Types {@code text} where the focus is, as a user would. */
  void type(String text) throws Exception {
    call("Input.insertText", Map.of("text", text));
  }

  @Override
  public void close() throws Exception {
    socket.abort();
    chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
