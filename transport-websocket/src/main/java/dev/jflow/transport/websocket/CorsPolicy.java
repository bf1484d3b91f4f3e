package dev.jflow.transport.websocket;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which web pages may use the gateway from a browser: the {@code websocket.cors} allow-list of
 * origins. Empty (the default) allows none: no {@code Access-Control-*} header is ever sent, so a page
 * on another site can neither read an answer nor pass a preflight, and a WebSocket it opens (its
 * handshake carries {@code Origin}) is refused with 403. {@code *} allows every origin. Clients that
 * are not browsers send no {@code Origin} and are not concerned. Immutable.
 */
final class CorsPolicy {
  /** What a value of {@code websocket.cors} must be. */
  static final String FORM = "empty (no browser origin), * (every origin) or a comma-separated list of origins"
      + " scheme://host[:port] (https://app.example,http://localhost:3000)";
  /** The methods a preflight allows: those of the REST API. */
  static final String METHODS = "GET, POST, PUT, DELETE, OPTIONS";
  /** The request headers a preflight allows, whatever the page asked for: JSON bodies and bearer tokens. */
  static final String HEADERS = "Content-Type, Authorization";
  static final String MAX_AGE_SECONDS = "600";

  private static final Pattern ORIGIN = Pattern.compile("([a-z][a-z0-9+.-]*)://([^/:?#\\s\\[\\]]+|\\[[0-9a-f:.]+\\])(?::(\\d{1,5}))?/?");

  private final boolean any;
  private final Set<String> origins;

  private CorsPolicy(boolean any, Set<String> origins) {
    this.any = any;
    this.origins = Set.copyOf(origins);
  }

  /**
   * The policy {@code text} describes (see {@link #FORM}).
   *
   * @throws IllegalArgumentException naming the entry that is not an origin
   */
  static CorsPolicy parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      return new CorsPolicy(false, Set.of());
    }
    if (t.equals("*")) {
      return new CorsPolicy(true, Set.of());
    }
    Set<String> origins = new LinkedHashSet<>();
    for (String entry : t.split(",", -1)) {
      String o = normalize(entry.trim());
      if (o == null) {
        throw new IllegalArgumentException("'" + entry.trim() + "' is not an origin (scheme://host[:port])"
            + (entry.trim().equals("*") ? "; * stands alone" : ""));
      }
      origins.add(o);
    }
    return new CorsPolicy(false, origins);
  }

  /** Whether {@code text} is a valid value of {@code websocket.cors}. */
  static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** An origin as browsers send it: lower case, without a path or the scheme's default port; null if it is none. */
  private static String normalize(String origin) {
    Matcher m = ORIGIN.matcher(origin.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    String scheme = m.group(1);
    String port = m.group(3);
    if (port != null) {
      int p = Integer.parseInt(port);
      if (p > 65535) {
        return null;
      }
      boolean usual = scheme.equals("http") && p == 80 || scheme.equals("https") && p == 443;
      port = usual ? null : Integer.toString(p);
    }
    return scheme + "://" + m.group(2) + (port == null ? "" : ":" + port);
  }

  /** Whether a page of {@code origin} (a request's {@code Origin} header) may use the gateway. */
  boolean allows(String origin) {
    if (any) {
      return true;
    }
    String o = origin == null ? null : normalize(origin.trim());
    return o != null && origins.contains(o);
  }

  /**
   * Whether a WebSocket handshake with {@code origin} (null when it has none) may open: a client that
   * is not a browser sends none; a browser page's origin must be allowed.
   */
  boolean allowsSocket(String origin) {
    return origin == null || allows(origin);
  }

  /**
   * The CORS headers answering a request from {@code origin} (null: not from a browser page), a
   * preflight when {@code preflight}. None when no origin is allowed; {@code Vary: Origin} whenever
   * the answer depends on the origin; the allowed headers are a fixed list, never the ones asked for.
   */
  Map<String, String> headers(String origin, boolean preflight) {
    Map<String, String> h = new LinkedHashMap<>();
    if (!any && origins.isEmpty()) {
      return h;
    }
    if (!any) {
      h.put("Vary", "Origin");
    }
    if (!any && !allows(origin)) {
      return h;
    }
    h.put("Access-Control-Allow-Origin", any ? "*" : origin.trim());
    if (preflight) {
      h.put("Access-Control-Allow-Methods", METHODS);
      h.put("Access-Control-Allow-Headers", HEADERS);
      h.put("Access-Control-Max-Age", MAX_AGE_SECONDS);
    }
    return h;
  }

  @Override
  public String toString() {
    return any ? "*" : String.join(",", origins);
  }
}
