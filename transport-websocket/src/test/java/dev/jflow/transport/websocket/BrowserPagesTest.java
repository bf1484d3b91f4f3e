package dev.jflow.transport.websocket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.NamedScore;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Secret;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.api.spi.Executor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pages in a real browser: a headless chromium (installed by scripts/ensure-chromium.sh; skipped without one)
 * shows Swagger UI at {@code /docs}, finds a document through the search page at {@code /} and, once an admin token
 * is typed in, draws the Flow's pods there. Screenshots go to
 * {@code target/screenshots}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrowserPagesTest {
  private static final String ADMIN = "browser-admin-token-0123456789";

  /** Keeps documents whole; a search matches those sharing the most words with the query, scored by the share. */
  static final class WordIndex implements Executor {
    private final Map<String, Document> docs = new ConcurrentHashMap<>();

    @Override
    public void handle(Request request) {
      for (Document d : request.docs()) {
        if (request.type() == RequestType.INDEX) {
          docs.put(d.id(), d.copy());
        } else if (request.type() == RequestType.SEARCH) {
          Set<String> q = words(d.text());
          docs.values().stream()
              .map(x -> Map.entry(x, (float) words(x.text()).stream().filter(q::contains).count() / Math.max(1, q.size())))
              .filter(e -> e.getValue() > 0).sorted((a, b) -> Float.compare(b.getValue(), a.getValue()))
              .limit(request.topK(10))
              .forEach(e -> d.addMatches(e.getKey().copy().score(NamedScore.of(e.getValue(), "overlap"))));
        }
      }
    }

    private static Set<String> words(String text) {
      return new HashSet<>(Arrays.asList(text.toLowerCase(Locale.ROOT).split("\\W+")));
    }

    @Override
    public void close() {}
  }

  @Test
  void docsShowsSwaggerUiAndTheSearchPageFindsADocument() throws Exception {
    Path chromium = DevTools.binary();
    Assumptions.assumeTrue(chromium != null, "no chromium on the PATH; scripts/ensure-chromium.sh installs it (as root, with apt-get)");
    Path shots = Path.of("target", "screenshots");
    try (Flow flow = Flow.builder().restful(true).host("127.0.0.1").add("indexer", WordIndex::new)
        .authenticator(BearerTokens.builder().adminTokens(Secret.of(ADMIN)).build()).build().start()) {
      flow.index(List.of(Document.withId("fox").text("the quick brown fox jumps").tag("animal", "fox"),
          Document.withId("dog").text("a lazy dog sleeps all day").tag("animal", "dog"),
          Document.withId("cat").text("the cat watches the quick birds").tag("animal", "cat")));
      String base = "http://127.0.0.1:" + flow.async().gatewayAddress().port();
      try (DevTools browser = DevTools.start(chromium)) {
        browser.navigate(base + "/docs");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
            Boolean.TRUE.equals(browser.evaluate("document.querySelector('.swagger-ui .opblock') != null")));
        Object text = browser.evaluate("document.body.innerText");
        assertTrue(String.valueOf(text).contains("/search") && String.valueOf(text).contains("JFlow gateway"), "Swagger UI lists our API");
        browser.screenshot(shots.resolve("docs.png"));

        browser.navigate(base + "/");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
            Boolean.TRUE.equals(browser.evaluate("document.getElementById('status').textContent.includes('ready')")));
        browser.evaluate("document.getElementById('query').focus()");
        browser.type("quick fox");
        browser.evaluate("document.getElementById('search').click()");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
            !"".equals(browser.evaluate("document.getElementById('results').dataset.matches || ''")));
        String shown = String.valueOf(browser.evaluate("document.getElementById('results').innerText"));
        assertTrue(shown.contains("the quick brown fox jumps") && shown.contains("overlap=1.0000") && shown.contains("animal"),
            "the best match with its score and tags: " + shown);
        assertTrue(shown.indexOf("brown fox") < shown.indexOf("cat watches"), "best first: " + shown);
        assertTrue(!shown.contains("lazy dog"), "no match without a shared word: " + shown);
        browser.screenshot(shots.resolve("search.png"));
        assertTrue(Files.size(shots.resolve("search.png")) > 1000);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> String.valueOf(
            browser.evaluate("document.getElementById('chart').innerText")).contains("the Flow's picture needs an admin token"));
        browser.evaluate("const t = document.getElementById('token'); t.value = '" + ADMIN + "';"
            + " t.dispatchEvent(new Event('change'))");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> Boolean.TRUE.equals(
            browser.evaluate("[...document.querySelectorAll('#chart svg text')].some(t => t.textContent === 'indexer')")));
        assertTrue(String.valueOf(browser.evaluate("document.querySelector('#chart pre').textContent")).startsWith("flowchart LR"),
            "the Mermaid source is shown beneath the picture");
        browser.screenshot(shots.resolve("flow.png"));
      }
    }
  }
}
