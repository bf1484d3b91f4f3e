package dev.jflow.core.internal.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The queue gauges of replica groups (tags flow, pod, group): depth and requests in flight, read from
 * the group's suppliers when meters are published. A registry keeps one gauge per name and tags, so a
 * group registered again (a rescale replacing a shard's group before the old one closes) takes the
 * gauges over, and only the newest registration's close removes them.
 */
final class QueueGauges {
  private final MeterRegistry registry;
  private final Map<List<String>, Slot> slots = new HashMap<>(); // guarded by this

  QueueGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /** What one registration reads. */
  private static final class Source {
    final LongSupplier depth;
    final LongSupplier inFlight;

    Source(LongSupplier depth, LongSupplier inFlight) {
      this.depth = depth;
      this.inFlight = inFlight;
    }
  }

  /** The gauges of one group and the registration they read now. */
  private static final class Slot {
    volatile Source current;
    Gauge depth;
    Gauge inFlight;
  }

  AutoCloseable register(String flow, String pod, String group, LongSupplier depth, LongSupplier inFlight) {
    List<String> key = List.of(Meters.tag(flow), Meters.tag(pod), Meters.tag(group));
    Source source = new Source(depth, inFlight);
    synchronized (this) {
      Slot slot = slots.get(key);
      if (slot == null) {
        slot = new Slot();
        Tags tags = Tags.of("flow", key.get(0), "pod", key.get(1), "group", key.get(2));
        Slot s = slot;
        slot.depth = Gauge.builder("jflow.pod.queue.depth", s, x -> x.current.depth.getAsLong())
            .description("Requests waiting in the group's queue").tags(tags).strongReference(true).register(registry);
        slot.inFlight = Gauge.builder("jflow.pod.inflight", s, x -> x.current.inFlight.getAsLong())
            .description("Requests running in the group's replicas").tags(tags).strongReference(true).register(registry);
        slots.put(key, slot);
      }
      slot.current = source;
    }
    return () -> close(key, source);
  }

  private synchronized void close(List<String> key, Source source) {
    Slot slot = slots.get(key);
    if (slot != null && slot.current == source) {
      registry.remove(slot.depth);
      registry.remove(slot.inFlight);
      slots.remove(key);
    }
  }
}
