package dev.jflow.core.testing;

import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link GatewayMetrics} that counts what a gateway reports, for tests of the admission and the transports. */
public final class RecordingGatewayMetrics implements GatewayMetrics {
  /** Calls opened. */
  public final AtomicLong callsOpened = new AtomicLong();
  /** Calls closed. */
  public final AtomicLong callsClosed = new AtomicLong();
  /** Connections opened. */
  public final AtomicLong connectionsOpened = new AtomicLong();
  /** Connections closed. */
  public final AtomicLong connectionsClosed = new AtomicLong();
  /** Requests offered to the admission. */
  public final AtomicLong received = new AtomicLong();
  /** Their bytes. */
  public final AtomicLong receivedBytes = new AtomicLong();
  /** Requests that left the backlog to run. */
  public final AtomicLong admitted = new AtomicLong();
  /** The longest admission wait, in nanoseconds. */
  public final AtomicLong longestWaitNanos = new AtomicLong();
  /** Responses written. */
  public final AtomicLong sent = new AtomicLong();
  /** Their bytes. */
  public final AtomicLong sentBytes = new AtomicLong();
  private final Map<Status.Code, AtomicLong> answered = new ConcurrentHashMap<>();
  private final Map<Status.Code, AtomicLong> refused = new ConcurrentHashMap<>();

  @Override
  public void callOpened() {
    callsOpened.incrementAndGet();
  }

  @Override
  public void callClosed() {
    callsClosed.incrementAndGet();
  }

  @Override
  public void connectionOpened() {
    connectionsOpened.incrementAndGet();
  }

  @Override
  public void connectionClosed() {
    connectionsClosed.incrementAndGet();
  }

  @Override
  public void received(long bytes) {
    received.incrementAndGet();
    receivedBytes.addAndGet(bytes);
  }

  @Override
  public void admitted(long waitNanos) {
    admitted.incrementAndGet();
    longestWaitNanos.accumulateAndGet(waitNanos, Math::max);
  }

  @Override
  public void answered(Status.Code code, long latencyNanos) {
    answered.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void refused(Status.Code code) {
    refused.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void sent(long bytes) {
    sent.incrementAndGet();
    sentBytes.addAndGet(bytes);
  }

  /** Requests answered with {@code code}. */
  public long answered(Status.Code code) {
    AtomicLong n = answered.get(code);
    return n == null ? 0 : n.get();
  }

  /** Requests answered, whatever their code. */
  public long answeredTotal() {
    return answered.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** What the gauge of requests in flight shows: admitted and not yet answered. */
  public long inFlight() {
    return admitted.get() - answeredTotal();
  }

  /** Calls or requests refused with {@code code}. */
  public long refusedWith(Status.Code code) {
    AtomicLong n = refused.get(code);
    return n == null ? 0 : n.get();
  }

  /** Every refusal by code, for messages. */
  public Map<Status.Code, AtomicLong> refusals() {
    return Map.copyOf(refused);
  }

  @Override
  public String toString() {
    return "calls " + callsOpened + "/" + callsClosed + ", connections " + connectionsOpened + "/" + connectionsClosed
        + ", received " + received + ", admitted " + admitted + ", answered " + answered + ", refused " + refused
        + ", sent " + sent + " (" + sentBytes + " bytes)";
  }
}
