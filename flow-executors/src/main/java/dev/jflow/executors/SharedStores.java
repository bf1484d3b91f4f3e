package dev.jflow.executors;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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

  /**
   * A store that can tell it is broken for good (its writer failed, or a load rolled back): the next
   * acquire opens a fresh store instead of joining it, and the broken one closes with its last holder.
   */
  interface Breakable {
    /** Whether the store refuses writes for good; called under a global lock, so it must not block. */
    boolean broken();
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

    /**
     * Lets go of the store; the last holder closes it, and an acquire meanwhile waits for that close to
     * end before it opens the store again. Idempotent.
     */
    @Override
    public void close() throws IOException {
      CompletableFuture<Void> closing;
      synchronized (OPEN) {
        if (closed) {
          return;
        }
        closed = true;
        if (--entry.holders > 0) {
          return;
        }
        closing = new CompletableFuture<>();
        entry.closing = closing; // kept in OPEN until closed: no second store opens on the directory meanwhile
      }
      try {
        closeStore(store);
      } finally {
        synchronized (OPEN) {
          OPEN.remove(key, entry);
        }
        closing.complete(null);
      }
    }
  }

  private static final class Entry {
    final Object lock = new Object(); // held while the first holder opens the store
    volatile AutoCloseable store; // set under lock, read under OPEN to find a broken store
    int holders;
    CompletableFuture<Void> closing; // set when the last holder let go: its close is under way
  }

  /**
   * The store of {@code kind} for {@code dir} (by its real path when it exists, so a symbolic link finds
   * the same store), opened with {@code opener} when no replica holds one. Concurrent first calls open
   * it once; a call while the last holder closes the store waits for that close, then opens it afresh;
   * a failed open is not kept, and the next call tries again; nor is a {@link Breakable} store that broke,
   * which needs its directory free of locks by then (a Lucene writer's failure releases its lock).
   */
  static <T extends AutoCloseable> Lease<T> acquire(String kind, Path dir, Class<T> type, Opener<T> opener)
      throws IOException {
    String key = kind + "\u0000" + key(dir);
    while (true) {
      Entry entry;
      CompletableFuture<Void> closing;
      synchronized (OPEN) {
        entry = OPEN.computeIfAbsent(key, k -> new Entry());
        if (entry.closing == null && entry.store instanceof Breakable && ((Breakable) entry.store).broken()) {
          entry = new Entry(); // its holders keep and close the broken store; a Lease closes only its own entry
          OPEN.put(key, entry);
        }
        closing = entry.closing;
        if (closing == null) {
          entry.holders++;
        }
      }
      if (closing != null) {
        awaitClose(closing, dir);
        continue;
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

  private static String key(Path dir) {
    Path p = dir.toAbsolutePath().normalize();
    try {
      return Files.exists(p) ? p.toRealPath().toString() : p.toString();
    } catch (IOException e) {
      return p.toString();
    }
  }

  private static void awaitClose(CompletableFuture<Void> closing, Path dir) throws IOException {
    try {
      closing.get(); // as long as the store's close takes; it always completes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the store in " + dir + " to close");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // never: closing completes normally
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
