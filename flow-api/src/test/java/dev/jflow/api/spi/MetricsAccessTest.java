package dev.jflow.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who may read {@code GET /metrics} and what they get, as every endpoint serving the meters answers it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsAccessTest {
  private static final String DATA = "metrics-access-data-token-0123456789";
  private static final Authenticator TOKENS = BearerTokens.builder().dataTokens(Secret.of(DATA)).build();

  /** A scrape that counts its renders. */
  private static final class Counted implements MetricsScrape {
    final AtomicInteger renders = new AtomicInteger();

    @Override
    public String scrape() {
      return "jflow_renders " + renders.incrementAndGet() + "\n";
    }
  }

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private MetricsAccess access(Authenticator authenticator, MetricsScrape scrape) {
    return new MetricsAccess(authenticator, () -> Optional.ofNullable(scrape), now::get);
  }

  @Test
  void anAdmittedCallerGetsTheScrapeInItsContentType() {
    MetricsAccess.Outcome o = access(TOKENS, new Counted()).answer(Credentials.bearer(DATA));
    assertEquals(200, o.status(), o.toString());
    assertEquals("jflow_renders 1\n", o.body());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", o.contentType());
    assertEquals(Optional.empty(), o.wwwAuthenticate());
    assertEquals(200, access(Authenticator.anonymous(), new Counted()).answer(Credentials.none()).status(),
        "without tokens configured anyone who reaches the port may scrape");
  }

  @Test
  void aRefusedCallerIs401WithTheAuthenticatorsReasonAndABearerChallenge() {
    MetricsAccess.Outcome o = access(TOKENS, new Counted()).answer(Credentials.none());
    assertEquals(401, o.status(), o.toString());
    assertEquals(Status.Code.UNAUTHENTICATED, o.code());
    assertEquals(Optional.of("Bearer realm=\"jflow\""), o.wwwAuthenticate());
    assertTrue(o.body().contains("needs a bearer token"), o.body());
    assertEquals(MetricsAccess.TEXT, o.contentType());
    assertEquals(401, access(TOKENS, new Counted()).answer(Credentials.bearer("wrong-token-0123456789")).status());
  }

  @Test
  void aCallerWithoutARoleOrOneTheAuthenticatorForbidsIs403() {
    MetricsAccess.Outcome roleless = access(c -> Caller.of("visitor"), new Counted()).answer(Credentials.none());
    assertEquals(403, roleless.status());
    assertTrue(roleless.description().contains("'visitor'"), roleless.description());
    MetricsAccess.Outcome forbidden = access(c -> {
      throw new FlowException(Status.Code.PERMISSION_DENIED, "certificate CN=intruder is not allowed");
    }, new Counted()).answer(Credentials.none());
    assertEquals(403, forbidden.status());
    assertEquals(Optional.empty(), forbidden.wwwAuthenticate());
  }

  @Test
  void withoutAScrapeItIs404SayingHowToConfigureOne() {
    MetricsAccess.Outcome o = access(Authenticator.anonymous(), null).answer(Credentials.none());
    assertEquals(404, o.status());
    assertEquals(Status.Code.NOT_FOUND, o.code());
    assertTrue(o.description().startsWith("no metrics scrape is configured for this Flow"), o.description());
  }

  @Test
  void aFailingAuthenticatorOrScrapeIs500WithoutItsExceptionText() {
    MetricsAccess.Outcome auth = access(c -> {
      throw new IllegalStateException("jdbc:postgresql://db/secrets password=hunter2");
    }, new Counted()).answer(Credentials.none());
    assertEquals(500, auth.status());
    assertFalse(auth.body().contains("hunter2") || auth.body().contains("IllegalState"), auth.body());
    MetricsAccess.Outcome scrape = access(Authenticator.anonymous(), () -> {
      throw new IllegalStateException("registry at /var/secret broke");
    }).answer(Credentials.none());
    assertEquals(500, scrape.status());
    assertEquals(Status.Code.INTERNAL, scrape.code());
    assertFalse(scrape.body().contains("/var/secret"), scrape.body());
  }

  @Test
  void aFloodOfScrapesCostsOneRenderASecond() {
    Counted scrape = new Counted();
    MetricsAccess access = access(Authenticator.anonymous(), scrape);
    for (int i = 0; i < 100; i++) {
      assertEquals("jflow_renders 1\n", access.answer(Credentials.none()).body());
    }
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
    assertEquals("jflow_renders 1\n", access.answer(Credentials.none()).body(), "still within the second");
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    assertEquals("jflow_renders 2\n", access.answer(Credentials.none()).body(), "a second later the meters are read again");
    assertEquals(2, scrape.renders.get());
    assertEquals(401, access(TOKENS, scrape).answer(Credentials.none()).status(), "the cache never skips the authenticator");
  }

  @Test
  void concurrentScrapersWaitForTheOneRender() throws Exception {
    Counted scrape = new Counted();
    MetricsAccess access = access(Authenticator.anonymous(), scrape);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        all.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 200; i++) {
            assertEquals(200, access.answer(Credentials.none()).status());
          }
        }, pool));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, scrape.renders.get());
  }

  @Test
  void aNewScrapeIsRenderedAtOnce() {
    Counted first = new Counted();
    Counted second = new Counted();
    AtomicInteger which = new AtomicInteger();
    MetricsAccess access = new MetricsAccess(Authenticator.anonymous(),
        () -> Optional.of(which.get() == 0 ? first : second), now::get);
    access.answer(Credentials.none());
    which.set(1);
    access.answer(Credentials.none());
    assertEquals(1, first.renders.get());
    assertEquals(1, second.renders.get(), "the cache belongs to the scrape it rendered");
  }
}
