package dev.jflow.executors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The stores that replicas of one shard share inside one JVM: one store per workspace directory and
 * kind, opened by the first replica that asks for it and closed when the last one lets go. This is how
 * replicas of a persisted index get along: they all serve the same data, one writer at a time (the
 * store serializes its writes), searches in parallel on the latest committed view, and a rolling
 * update's new replica joins the store its predecessor still holds instead of failing on a file lock.
 * Replicas in other processes cannot share it: give each its own directory there.
 */
final class SharedStores {
  private static final Map<String, Entry> OPEN = new HashMap<>(); // guarded by OPEN

  private SharedStores() {}

  /** Opens a store for a directory; called once per store, under no lock of ours. */
  @FunctionalInterface
  interface Opener<T extends AutoCloseable> {
    T open() throws IOException;
  }

  /** One replica's hold on a shared store; closing it lets go, and the last to let go closes the store. */
  static final class Lease<T extends AutoCloseable> implements AutoCloseable {
    private final String key;
    private final Entry entry;
    private final T store;
    private final boolean first;
    private boolean closed;

    private Lease(String key, Entry entry, T store, boolean first) {
      this.key = key;
      this.entry = entry;
      this.store = store;
      this.first = first;
    }

    /** The shared store. */
    T store() {
      return store;
    }

    /** Whether this lease opened the store (no other replica held it). */
    boolean first() {
      return first;
    }

    /** How many replicas hold the store now, this one included while open. */
    int holders() {
      synchronized (OPEN) {
        return entry.holders;
      }
    }

    /** Lets go of the store; the last holder closes it. Idempotent. */
    @Override
    public void close() throws IOException {
      boolean last;
      synchronized (OPEN) {
        if (closed) {
          return;
        }
        closed = true;
        last = --entry.holders == 0;
        if (last) {
          OPEN.remove(key, entry);
        }
      }
      if (last) {
        closeStore(store);
      }
    }
  }

  private static final class Entry {
    final Object lock = new Object(); // held while the first holder opens the store
    AutoCloseable store;
    int holders;
  }

  /**
   * The store of {@code kind} for {@code dir}, opened with {@code opener} when no replica holds one.
   * Concurrent first calls open it once; a failed open is not kept, and the next call tries again.
   */
  static <T extends AutoCloseable> Lease<T> acquire(String kind, Path dir, Class<T> type, Opener<T> opener)
      throws IOException {
    String key = kind + "\u0000" + dir.toAbsolutePath().normalize();
    while (true) {
      Entry entry;
      synchronized (OPEN) {
        entry = OPEN.computeIfAbsent(key, k -> new Entry());
        entry.holders++;
      }
      boolean opened = false;
      try {
        synchronized (entry.lock) {
          synchronized (OPEN) {
            if (OPEN.get(key) != entry) { // its opener failed and removed it: start over
              entry.holders--;
              opened = true;
              continue;
            }
          }
          boolean first = entry.store == null;
          if (first) {
            entry.store = opener.open();
          }
          opened = true;
          return new Lease<>(key, entry, type.cast(entry.store), first);
        }
      } finally {
        if (!opened) {
          synchronized (OPEN) {
            if (--entry.holders == 0 || entry.store == null) {
              OPEN.remove(key, entry);
            }
          }
        }
      }
    }
  }

  private static void closeStore(AutoCloseable store) throws IOException {
    try {
      store.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
