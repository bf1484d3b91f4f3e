package dev.jflow.core.internal.telemetry;

import static dev.jflow.core.internal.telemetry.Meters.CODES;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one remote pod's connection (tags flow, pod, address): ready (0 or 1), reconnects,
 * and call latency by status. Shared by every {@link RemoteHandle} of the same connection.
 */
final class RemoteMeters extends MeterSet {
  final AtomicInteger ready = new AtomicInteger();
  final Counter reconnects;
  final MeterSlots<Timer> latency;

  RemoteMeters(MeterRegistry registry, Object lock, String flow, String pod, String address) {
    super(registry, lock);
    Tags tags = Tags.of("flow", Meters.tag(flow), "pod", Meters.tag(pod), "address", Meters.tag(address));
    keep(Gauge.builder("jflow.remote.ready", ready, AtomicInteger::get)
        .description("1 while the remote pod answers its readiness probe, else 0").tags(tags).strongReference(true)
        .register(registry));
    this.reconnects = keep(Counter.builder("jflow.remote.reconnects")
        .description("Times the remote pod became ready again after it was lost").tags(tags).register(registry));
    this.latency = slots(CODES.length, i -> Meters.latency("jflow.remote.latency")
        .description("Time of calls to the remote pod, by status").tags(tags.and("status", CODES[i].name())).register(registry));
  }
}
