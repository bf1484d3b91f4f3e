package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What {@code GET /metrics} answers, decided in one place for every endpoint that serves the Flow's
 * meters (the restful gateway's, the monitoring port's), which only write the {@link Outcome} in their
 * HTTP server's terms. The gateway's {@link Authenticator} decides who reads them: any caller it admits
 * with a role may (anonymous callers too where it admits them); a refused one gets 401 with
 * {@code WWW-Authenticate}, one with no role 403. Without a scrape the answer is 404, and a failing
 * authenticator or scrape is 500 with a message that reveals nothing (the detail goes to the log).
 * A rendered scrape is served again for {@link #CACHE_FOR}, so a flood of scrapes, which no rate limit
 * holds back, costs one render a second. Thread-safe.
 */
public final class MetricsAccess {
  /** How long a rendered scrape is served again: one second. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(1);
  /** The {@code Content-Type} of error answers. */
  public static final String TEXT = "text/plain; charset=utf-8";

  private static final System.Logger LOG = System.getLogger(MetricsAccess.class.getName());
  private static final long CACHE_NANOS = CACHE_FOR.toNanos();

  private final Authenticator authenticator;
  private final Supplier<Optional<MetricsScrape>> scrape;
  private final LongSupplier nanoClock;
  // guarded by this: the last rendering, of which scrape, when it was made
  private MetricsScrape renderedFrom;
  private Outcome rendered;
  private long renderedAt;

  MetricsAccess(Authenticator authenticator, Supplier<Optional<MetricsScrape>> scrape, LongSupplier nanoClock) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator is null: pass the gateway's (GatewayConfig.authenticator())");
    this.scrape = Objects.requireNonNull(scrape, "scrape is null: pass a supplier of the Flow's scrape, giving Optional.empty() for none");
    this.nanoClock = nanoClock;
  }

  /**
   * The access to the meters {@code scrape} renders (asked on every call; empty when the Flow keeps
   * none), guarded by {@code authenticator}.
   */
  public static MetricsAccess of(Authenticator authenticator, Supplier<Optional<MetricsScrape>> scrape) {
    return new MetricsAccess(authenticator, scrape, System::nanoTime);
  }

  /** What a {@code GET /metrics} of a caller presenting {@code credentials} is answered. Never throws. */
  public Outcome answer(Credentials credentials) {
    Caller caller;
    try {
      caller = authenticator.authenticate(credentials == null ? Credentials.none() : credentials);
    } catch (FlowException refused) {
      if (refused.code() == Status.Code.PERMISSION_DENIED) {
        return Outcome.error(403, Status.Code.PERMISSION_DENIED, refused.status().description());
      }
      return Outcome.error(401, Status.Code.UNAUTHENTICATED, refused.status().description());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "GET /metrics: the gateway's authenticator " + authenticator + " failed", e);
      return Outcome.error(500, Status.Code.INTERNAL, "the gateway's authenticator failed; see the gateway's log");
    }
    if (caller == null || caller.roles().isEmpty()) {
      return Outcome.error(403, Status.Code.PERMISSION_DENIED, "reading the metrics needs a caller with a role (a data or "
          + "admin token); caller '" + (caller == null ? "?" : caller.name()) + "' has none");
    }
    Optional<MetricsScrape> s;
    try {
      s = scrape.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "GET /metrics: cannot find the Flow's metrics scrape", e);
      return Outcome.error(500, Status.Code.INTERNAL, "the metrics scrape failed; see the gateway's log");
    }
    if (s == null || s.isEmpty()) {
      return Outcome.error(404, Status.Code.NOT_FOUND, "no metrics scrape is configured for this Flow: give it a telemetry "
          + "that keeps its meters where a scrape can be made, e.g. FlowTelemetry.builder().meterRegistry(prometheus)"
          + ".scrape(prometheus::scrape)");
    }
    return rendered(s.get());
  }

  /** The rendering of {@code s}, made at most once per {@link #CACHE_FOR}; callers meanwhile wait for it. */
  private synchronized Outcome rendered(MetricsScrape s) {
    if (rendered != null && renderedFrom == s && nanoClock.getAsLong() - renderedAt < CACHE_NANOS) {
      return rendered;
    }
    Outcome o;
    try {
      String text = s.scrape();
      o = new Outcome(200, Status.Code.SUCCESS, "", s.contentType(), text == null ? "" : text);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "GET /metrics: the Flow's metrics scrape " + s + " failed", e);
      o = Outcome.error(500, Status.Code.INTERNAL, "the metrics scrape failed; see the gateway's log");
    }
    renderedFrom = s;
    rendered = o; // a failure too: a flood must not make a failing scrape run for every caller
    renderedAt = nanoClock.getAsLong();
    return o;
  }

  /** One answer of {@code GET /metrics}: its HTTP status, body and headers. Immutable. */
  public static final class Outcome {
    private final int status;
    private final Status.Code code;
    private final String description;
    private final String contentType;
    private final String body;

    private Outcome(int status, Status.Code code, String description, String contentType, String body) {
      this.status = status;
      this.code = code;
      this.description = description;
      this.contentType = contentType;
      this.body = body;
    }

    private static Outcome error(int status, Status.Code code, String description) {
      return new Outcome(status, code, description, TEXT, description + "\n");
    }

    /** The HTTP status: 200, or 401, 403, 404, 500. */
    public int status() {
      return status;
    }

    /**
     * SUCCESS for 200, else why not: UNAUTHENTICATED (401), PERMISSION_DENIED (403), NOT_FOUND (404),
     * INTERNAL (500); for endpoints whose errors carry a code.
     */
    public Status.Code code() {
      return code;
    }

    /** What was wrong, one line for a person (empty for 200). */
    public String description() {
      return description;
    }

    /** The {@code Content-Type}: the scrape's for 200, else {@value MetricsAccess#TEXT}. */
    public String contentType() {
      return contentType;
    }

    /** The body: the scrape for 200, else the description as one line of text. */
    public String body() {
      return body;
    }

    /** The {@code WWW-Authenticate} header a 401 carries (a bearer token is wanted, RFC 6750); empty otherwise. */
    public Optional<String> wwwAuthenticate() {
      return status == 401 ? Optional.of("Bearer realm=\"jflow\"") : Optional.empty();
    }

    @Override
    public String toString() {
      return status + " " + code + (description.isEmpty() ? "" : ": " + description);
    }
  }
}
