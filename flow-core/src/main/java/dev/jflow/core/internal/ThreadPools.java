package dev.jflow.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread pools with named daemon threads, so a Flow's threads are recognizable and never keep a JVM alive. */
final class ThreadPools {
  private ThreadPools() {}

  /** A cached pool (threads made on demand, idle ones retired after 30 s) naming threads {@code prefix-N}. */
  static ExecutorService cached(String prefix) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), named(prefix));
    return pool;
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Shuts {@code pool} down, waiting up to {@code millis} for running work, then interrupts what is left. */
  static void shutdown(ExecutorService pool, long millis) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
        pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
