package dev.jflow.core.internal.telemetry;

import static dev.jflow.core.internal.telemetry.Meters.CODES;

import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one gateway (tags flow, protocol). Gauges: calls and connections open, and requests
 * in flight (up on {@link #admitted}, down on {@link #answered}). Counters and summaries of bytes in
 * and out, admission wait, and requests and latency by status; a refused request counts under its
 * status without a latency. Shared by the {@link GatewayHandle}s of one flow and protocol.
 */
final class GatewayMeters extends MeterSet implements GatewayMetrics {
  private final AtomicLong callsOpen = new AtomicLong();
  private final AtomicLong connectionsOpen = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final DistributionSummary requestSize;
  private final DistributionSummary responseSize;
  private final Timer admissionWait;
  private final MeterSlots<Counter> requests;
  private final MeterSlots<Timer> latency;

  GatewayMeters(MeterRegistry registry, Object lock, String flow, String protocol) {
    super(registry, lock);
    Tags tags = Tags.of("flow", Meters.tag(flow), "protocol", Meters.tag(protocol));
    gauge("jflow.gateway.calls.open", "Client calls open", tags, callsOpen);
    gauge("jflow.gateway.connections.open", "Connections open", tags, connectionsOpen);
    gauge("jflow.gateway.requests.inflight", "Requests admitted and not yet answered", tags, inFlight);
    this.bytesIn = keep(Counter.builder("jflow.gateway.bytes.in").baseUnit("bytes").description("Request bytes received")
        .tags(tags).register(registry));
    this.bytesOut = keep(Counter.builder("jflow.gateway.bytes.out").baseUnit("bytes").description("Response bytes sent")
        .tags(tags).register(registry));
    this.requestSize = keep(Meters.size("jflow.gateway.request.size").description("Size of requests on the wire")
        .tags(tags).register(registry));
    this.responseSize = keep(Meters.size("jflow.gateway.response.size").description("Size of responses on the wire")
        .tags(tags).register(registry));
    this.admissionWait = keep(Timer.builder("jflow.gateway.admission.wait").description("Time requests waited for a prefetch slot")
        .tags(tags).register(registry));
    this.requests = slots(CODES.length, i -> Counter.builder("jflow.gateway.requests")
        .description("Requests answered or refused, by status").tags(tags.and("status", CODES[i].name())).register(registry));
    this.latency = slots(CODES.length, i -> Meters.latency("jflow.gateway.latency")
        .description("Time from a request's offer to its answer, the admission wait included, by status")
        .tags(tags.and("status", CODES[i].name())).register(registry));
  }

  private void gauge(String name, String description, Tags tags, AtomicLong value) {
    keep(Gauge.builder(name, value, AtomicLong::get).description(description).tags(tags).strongReference(true).register(registry()));
  }

  @Override
  public void callOpened() {
    callsOpen.incrementAndGet();
  }

  @Override
  public void callClosed() {
    callsOpen.decrementAndGet();
  }

  @Override
  public void connectionOpened() {
    connectionsOpen.incrementAndGet();
  }

  @Override
  public void connectionClosed() {
    connectionsOpen.decrementAndGet();
  }

  @Override
  public void received(long bytes) {
    bytesIn.increment(Math.max(0, bytes));
    requestSize.record(bytes);
  }

  @Override
  public void admitted(long waitNanos) {
    inFlight.incrementAndGet();
    admissionWait.record(waitNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void answered(Status.Code code, long latencyNanos) {
    inFlight.decrementAndGet();
    if (code != null) {
      Counter c = requests.get(code.ordinal());
      Timer t = latency.get(code.ordinal());
      if (c != null && t != null) {
        c.increment();
        t.record(latencyNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  @Override
  public void refused(Status.Code code) {
    Counter c = code == null ? null : requests.get(code.ordinal());
    if (c != null) {
      c.increment();
    }
  }

  @Override
  public void sent(long bytes) {
    bytesOut.increment(Math.max(0, bytes));
    responseSize.record(bytes);
  }
}
