package dev.jflow.core.internal;

import dev.jflow.api.Request;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The requests of a call that are not answered yet, in request order, and what the current transport
 * call still has to do with them: send those waiting to go while fewer than its window are in flight,
 * then half-close once the input is done. When a retry replaces the transport call, every unanswered
 * request waits to go again, earliest first; after a refusal the window is half of what was in flight.
 * Not thread-safe: the call guards it.
 */
final class Unanswered {
  /** A request with its place in request order. */
  private static final class Entry {
    final long seq;
    final Request request;

    Entry(long seq, Request request) {
      this.seq = seq;
      this.request = request;
    }
  }

  private final Map<String, Entry> pending = new LinkedHashMap<>();
  private final ArrayDeque<Entry> unsent = new ArrayDeque<>();
  private long added;
  private int inFlight; // sent on the current transport call and not answered
  private int window = Integer.MAX_VALUE;
  private boolean halfClosed;

  /** Records a new request, to be sent; returns its number in request order (from 0). */
  long add(Request request) {
    Entry e = new Entry(added++, request);
    pending.put(request.id(), e);
    unsent.add(e);
    return e.seq;
  }

  /** Records the answer to request {@code id}: its number in request order, or -1 when it is not pending. */
  long answer(String id) {
    Entry e = pending.remove(id);
    if (e == null) {
      return -1;
    }
    inFlight--;
    return e.seq;
  }

  /** The next request to send on the current transport call, counted as in flight; null when none may go now. */
  Request nextToSend() {
    if (inFlight < window && !unsent.isEmpty()) {
      inFlight++;
      return unsent.poll().request;
    }
    return null;
  }

  /** Whether to half-close the current transport call now: once, when the input is done and all is sent. */
  boolean halfCloseNow(boolean inputDone) {
    if (!inputDone || halfClosed || !unsent.isEmpty()) {
      return false;
    }
    halfClosed = true;
    return true;
  }

  /**
   * A new transport call replaces the current one: nothing is in flight and every unanswered request
   * waits to go again; after a {@code refused} call, the window is half of what was in flight (at least 1).
   */
  void resend(boolean refused) {
    if (refused) {
      window = Math.max(1, Math.min(window, inFlight) / 2); // the gateway could not take that many
    }
    inFlight = 0;
    halfClosed = false;
    unsent.clear();
    unsent.addAll(pending.values()); // request order: the earliest unanswered go first
  }

  /** How many requests are not answered. */
  int size() {
    return pending.size();
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** How many requests were added in all. */
  long added() {
    return added;
  }
}
