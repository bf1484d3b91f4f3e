package dev.jflow.core.internal.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The meters of one series of tags (a gateway, a replica, a remote connection), shared by its users
 * through {@link SharedMeters}: it keeps every meter it registered so the last user's close removes
 * them all from the registry.
 */
abstract class MeterSet {
  private final MeterRegistry registry;
  private final Object lock;
  private final List<Meter> fixed = new ArrayList<>(); // filled while constructing
  private final List<MeterSlots<?>> lazy = new ArrayList<>();
  int users; // guarded by lock

  /** A set registering into {@code registry}; {@code lock} is the owning {@link SharedMeters}. */
  MeterSet(MeterRegistry registry, Object lock) {
    this.registry = registry;
    this.lock = lock;
  }

  /** The registry the meters go to. */
  final MeterRegistry registry() {
    return registry;
  }

  /** Keeps {@code meter}, registered while constructing, for {@link #remove()}. */
  final <T extends Meter> T keep(T meter) {
    fixed.add(meter);
    return meter;
  }

  /** Meters registered at first use by {@code make}, kept for {@link #remove()}. */
  final <T extends Meter> MeterSlots<T> slots(int size, IntFunction<T> make) {
    MeterSlots<T> s = new MeterSlots<>(size, make, lock);
    lazy.add(s);
    return s;
  }

  /** Removes every meter of the set from the registry (the owner calls it, holding {@code lock}). */
  final void remove() {
    fixed.forEach(registry::remove);
    lazy.forEach(s -> s.remove(registry));
  }
}
