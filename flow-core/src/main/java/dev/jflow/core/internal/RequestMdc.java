package dev.jflow.core.internal;

import org.slf4j.MDC;

/**
 * The request id in SLF4J's MDC (key {@value #KEY}) while a thread works on one request: set around an
 * executor's call on its replica thread, so the executor's own log lines carry it too, and around
 * flow-core's log lines about a request. Restores what the thread had before. The id comes from the
 * client, so control characters become {@code _} and it is cut at {@value #MAX_LENGTH} characters: a
 * newline in it cannot forge a log line.
 */
final class RequestMdc {
  /** The MDC key: {@value}. */
  static final String KEY = "request_id";
  /** The longest id the MDC carries: {@value}. */
  static final int MAX_LENGTH = 128;

  private RequestMdc() {}

  /** Puts {@code requestId} in the MDC; returns the value it replaced (null for none), for {@link #exit}. */
  static String enter(String requestId) {
    String previous = MDC.get(KEY);
    MDC.put(KEY, safe(requestId));
    return previous;
  }

  /** {@code id} fit for a log line: control characters replaced by {@code _}, at most {@link #MAX_LENGTH} characters. */
  static String safe(String id) {
    if (id == null) {
      return null;
    }
    int n = Math.min(id.length(), MAX_LENGTH);
    for (int i = 0; i < n; i++) {
      if (Character.isISOControl(id.charAt(i)) || isLineBreak(id.charAt(i))) {
        return replaced(id, n);
      }
    }
    return n == id.length() ? id : id.substring(0, n);
  }

  private static String replaced(String id, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      b.append(Character.isISOControl(c) || isLineBreak(c) ? '_' : c);
    }
    return b.toString();
  }

  /** Unicode's line and paragraph separators, which some log viewers break lines at. */
  private static boolean isLineBreak(char c) {
    return c == '\u2028' || c == '\u2029';
  }

  /** Restores what {@link #enter} replaced. */
  static void exit(String previous) {
    if (previous == null) {
      MDC.remove(KEY);
    } else {
      MDC.put(KEY, previous);
    }
  }

  /** Logs {@code message} at DEBUG, without a stack trace, with {@code requestId} in the MDC. */
  static void debug(org.slf4j.Logger log, String requestId, String message) {
    if (!log.isDebugEnabled()) {
      return;
    }
    String previous = enter(requestId);
    try {
      log.debug(message);
    } finally {
      exit(previous);
    }
  }
}
