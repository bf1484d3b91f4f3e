package dev.jflow.core.internal.telemetry;

import dev.jflow.api.spi.RemoteMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The remote connections' meters by (flow, pod, address), counted by user so the last close removes them. */
final class Remotes {
  private final MeterRegistry registry;
  private final Map<List<String>, RemoteMeters> meters = new HashMap<>(); // guarded by this

  Remotes(MeterRegistry registry) {
    this.registry = registry;
  }

  synchronized RemoteMetrics open(String flow, String pod, String address) {
    List<String> key = List.of(Meters.tag(flow), Meters.tag(pod), Meters.tag(address));
    RemoteMeters m = meters.computeIfAbsent(key, k -> new RemoteMeters(registry, k.get(0), k.get(1), k.get(2)));
    m.users++;
    return new RemoteHandle(m, () -> release(key, m));
  }

  private synchronized void release(List<String> key, RemoteMeters m) {
    if (--m.users == 0 && meters.get(key) == m) {
      meters.remove(key);
      m.remove();
    }
  }
}
