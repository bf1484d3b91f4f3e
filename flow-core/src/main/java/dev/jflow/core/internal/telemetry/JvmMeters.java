package dev.jflow.core.internal.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Binds the JVM's meters (memory, GC, threads, classes, CPU, uptime) to a registry once, however many
 * Flows share it, and skips each binder whose meters the registry already has (an application that
 * bound them itself), since a second GC binder would count every pause twice. The GC binder listens
 * to the JVM until closed: it is closed when its registry is found closed.
 */
final class JvmMeters {
  private JvmMeters() {}

  private static final Map<MeterRegistry, JvmGcMetrics> BOUND = new WeakHashMap<>(); // guarded by the class

  /** Binds what {@code registry} lacks, unless done before; returns how many binders were bound now. */
  static synchronized int bindOnce(MeterRegistry registry) {
    BOUND.entrySet().removeIf(e -> {
      if (e.getKey().isClosed()) {
        e.getValue().close();
        return true;
      }
      return false;
    });
    if (BOUND.containsKey(registry) || registry.isClosed()) {
      return 0;
    }
    int bound = bindUnlessPresent(registry, "jvm.memory.used", new JvmMemoryMetrics())
        + bindUnlessPresent(registry, "jvm.threads.live", new JvmThreadMetrics())
        + bindUnlessPresent(registry, "jvm.classes.loaded", new ClassLoaderMetrics())
        + bindUnlessPresent(registry, "system.cpu.count", new ProcessorMetrics())
        + bindUnlessPresent(registry, "process.uptime", new UptimeMetrics());
    JvmGcMetrics gc = new JvmGcMetrics();
    int gcBound = bindUnlessPresent(registry, "jvm.gc.memory.allocated", gc);
    if (gcBound == 0) {
      gc.close();
    }
    BOUND.put(registry, gc);
    return bound + gcBound;
  }

  private static int bindUnlessPresent(MeterRegistry registry, String marker, MeterBinder binder) {
    if (registry.find(marker).meter() != null) {
      return 0;
    }
    binder.bindTo(registry);
    return 1;
  }
}
