package dev.jflow.core.internal;

import org.slf4j.MDC;

/**
 * The request id in SLF4J's MDC (key {@value #KEY}) while a thread works on one request: set around an
 * executor's call on its replica thread, so the executor's own log lines carry it too, and around
 * flow-core's log lines about a request. Restores what the thread had before.
 */
final class RequestMdc {
  /** The MDC key: {@value}. */
  static final String KEY = "request_id";

  private RequestMdc() {}

  /** Puts {@code requestId} in the MDC; returns the value it replaced (null for none), for {@link #exit}. */
  static String enter(String requestId) {
    String previous = MDC.get(KEY);
    MDC.put(KEY, requestId);
    return previous;
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
