package dev.jflow.core.internal.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Meters by index (a request type, a status code or both), each registered the first time it is
 * used and then read from an array: the hot path makes no tags and looks up no map. Made lazily
 * because registering every type and status up front would publish thousands of empty histogram series.
 * Registration and {@link #remove} hold the owning {@link SharedMeters}' lock, so a meter used for the
 * first time while its set is removed is never registered again.
 */
final class MeterSlots<M extends Meter> {
  private final AtomicReferenceArray<M> slots;
  private final IntFunction<M> make;
  private final Object lock;
  private boolean removed; // guarded by lock

  MeterSlots(int size, IntFunction<M> make, Object lock) {
    this.slots = new AtomicReferenceArray<>(size);
    this.make = make;
    this.lock = lock;
  }

  /** The meter at {@code i}, or null once the slots were removed (the caller then records nothing). */
  M get(int i) {
    M m = slots.get(i);
    if (m != null) {
      return m;
    }
    synchronized (lock) {
      if (removed) {
        return null;
      }
      m = slots.get(i);
      if (m == null) {
        m = make.apply(i);
        slots.set(i, m);
      }
      return m;
    }
  }

  /** Removes the meters made so far from {@code registry}; later {@link #get} calls return null. */
  void remove(MeterRegistry registry) {
    synchronized (lock) {
      removed = true;
      for (int i = 0; i < slots.length(); i++) {
        M m = slots.getAndSet(i, null);
        if (m != null) {
          registry.remove(m);
        }
      }
    }
  }
}
