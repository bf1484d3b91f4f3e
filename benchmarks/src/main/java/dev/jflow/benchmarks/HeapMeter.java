package dev.jflow.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's heap while a benchmark runs: the used heap sampled every 50 ms (the peak footprint) and,
 * from GC notifications, the heap in use right after each collection (an upper bound of what is live).
 * {@link #reset()} starts a new measurement. {@link #liveAfterFullGc()} forces a full collection and
 * reads what survives, the exact live set. Thread-safe.
 */
final class HeapMeter implements AutoCloseable {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final Set<String> heapPools = new HashSet<>();
  private final NotificationListener listener = this::onGc;
  private final Thread sampler;
  private volatile long cpuMark;
  private volatile long usedAtReset;
  private volatile boolean closed;

  /** Starts sampling at once. */
  HeapMeter() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter) {
        NotificationEmitter e = (NotificationEmitter) gc;
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
    sampler = new Thread(this::sample, "heap-meter");
    sampler.setDaemon(true);
    reset();
    sampler.start();
  }

  /** Forgets the peaks and the CPU time so far: what follows is measured afresh. */
  void reset() {
    long used = MEMORY.getHeapMemoryUsage().getUsed();
    usedAtReset = used;
    peakUsed.set(used);
    maxAfterGc.set(0);
    cpuMark = OS.getProcessCpuTime();
  }

  /** The largest heap use seen since {@link #reset()}, in bytes. */
  long peakUsed() {
    peakUsed.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
    return peakUsed.get();
  }

  /** How far the heap use rose above its level at {@link #reset()}, in bytes: what the work held at once, garbage included. */
  long peakGrowth() {
    return Math.max(0, peakUsed() - usedAtReset);
  }

  /** The largest heap use right after a collection since {@link #reset()}, in bytes; 0 when none ran. */
  long maxAfterGc() {
    return maxAfterGc.get();
  }

  /** CPU time this process used since {@link #reset()} (every thread, GC and JIT included), in nanoseconds. */
  long cpuNanos() {
    return OS.getProcessCpuTime() - cpuMark;
  }

  /** Runs a full collection and returns the heap still in use: the live set, in bytes. */
  static long liveAfterFullGc() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** The largest heap this JVM may use ({@code -Xmx}), in bytes. */
  static long maxHeap() {
    return MEMORY.getHeapMemoryUsage().getMax();
  }

  private void sample() {
    while (!closed) {
      peakUsed.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long before = heapUsed(info.getGcInfo().getMemoryUsageBeforeGc());
    long after = heapUsed(info.getGcInfo().getMemoryUsageAfterGc());
    // the sampler can miss the top of a sawtooth; the collector's own "before" cannot
    peakUsed.accumulateAndGet(before, Math::max);
    maxAfterGc.accumulateAndGet(after, Math::max);
  }

  // the GC reports every memory pool, metaspace and code cache included: count the heap's only
  private long heapUsed(Map<String, MemoryUsage> pools) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : pools.entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    return used;
  }

  @Override
  public void close() {
    closed = true;
    sampler.interrupt();
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // already gone
      }
    }
  }
}
