package dev.jflow.executors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The vectors of one shard, shared by its replicas in this JVM (through {@link SharedStores}) when
 * persisted: a {@link VectorStore} behind a read-write lock (a write request and its log append hold it
 * exclusively, searches share it), the write-ahead {@link VectorLog} and the {@code vectors.bin}
 * snapshot. A snapshot is written on close, on dump, on a load, and when the log outgrows
 * {@code max(64 MiB, the snapshot's size)} (so rewriting the snapshot costs at most as much as the log
 * written since); after it, the log starts again. A memory-only index (no directory) has no log and
 * belongs to one replica.
 */
final class SharedVectors implements AutoCloseable {
  static final long MIN_LOG_BEFORE_SNAPSHOT = 64L << 20;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Object saving = new Object(); // one snapshot at a time; taken before the read-write lock
  private final Path dir; // null: memory only
  private final boolean fsync;
  private final Writer writer = new Writer();
  private final VectorLog.Records records = new VectorLog.Records(); // used under the write lock
  private VectorStore store; // guarded by lock
  private VectorLog log; // null without a directory; appended to under the write lock
  private boolean dirty; // changed since the snapshot; guarded by lock
  private long snapshotBytes;
  private String loaded; // what the last load_path load held (its files' names, sizes and times); guarded by saving
  private boolean closed; // guarded by saving

  /** Fills a fresh store (from a dump, or rebuilt from stored documents). */
  @FunctionalInterface
  interface Source {
    void fill(VectorStore into) throws IOException;
  }

  private SharedVectors(Path dir, boolean fsync, VectorStore store) {
    this.dir = dir;
    this.fsync = fsync;
    this.store = store;
  }

  /** An index of one replica, in memory only. */
  static SharedVectors memory(Metric metric) {
    return new SharedVectors(null, false, new VectorStore(metric));
  }

  /**
   * Opens the index in {@code dir}: filled by {@code source} and saved at once when there is one (a
   * load_path's dump, or vectors rebuilt from documents), else the snapshot with the log replayed.
   *
   * @param loaded what {@code source} holds, for {@link #loaded}; null when it is no load_path
   */
  static SharedVectors open(Path dir, Metric metric, boolean fsync, Source source, String loaded) throws IOException {
    VectorStore store = new VectorStore(metric);
    Path snapshot = dir.resolve(VectorFile.NAME);
    SharedVectors shared = new SharedVectors(dir, fsync, store);
    if (source != null) {
      source.fill(store);
      shared.log = VectorLog.unopened(dir, fsync); // the save starts it, continuing the new snapshot
      shared.dirty = true;
      shared.loaded = loaded;
      shared.save();
    } else {
      if (java.nio.file.Files.exists(snapshot)) {
        VectorFile.read(snapshot, store);
      }
      VectorLog.Base base = VectorLog.Base.of(snapshot);
      shared.snapshotBytes = Math.max(0, base.size());
      shared.log = VectorLog.open(dir, fsync, base, store);
    }
    return shared;
  }

  Metric metric() {
    return store.metric;
  }

  /** What the last load_path load held, or null when the index was not loaded from one. */
  String loaded() {
    synchronized (saving) {
      return loaded;
    }
  }

  /**
   * Replaces the contents with {@code source}'s unless {@code print} is what they were loaded from
   * already (a later replica of the same rolling update); readers see the old or the new index. Persisted
   * indexes save the new one before it is swapped in.
   */
  void replace(String print, Source source) throws IOException {
    synchronized (saving) {
      if (print.equals(loaded)) {
        return;
      }
      VectorStore next = new VectorStore(store.metric);
      source.fill(next);
      if (dir != null) {
        VectorFile.write(dir.resolve(VectorFile.NAME), next, 0, 1);
        syncDir();
      }
      lock.writeLock().lock();
      try {
        if (log != null) {
          VectorLog.Base base = VectorLog.Base.of(dir.resolve(VectorFile.NAME));
          log.reset(base);
          snapshotBytes = base.size();
        }
        store = next;
        dirty = false;
        loaded = print;
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  /** Changes the index, one writer at a time: {@code body}'s changes are in the log (forced) when this returns. */
  void write(Consumer<Writer> body) {
    boolean snapshot;
    lock.writeLock().lock();
    try {
      checkOpen();
      records.clear();
      try {
        body.accept(writer);
      } finally { // what was applied is logged, even when a later document failed
        if (log != null && records.length() > 0) {
          dirty = true;
          log.append(records);
        }
      }
      snapshot = log != null && log.size() > Math.max(MIN_LOG_BEFORE_SNAPSHOT, snapshotBytes);
    } finally {
      lock.writeLock().unlock();
    }
    if (snapshot) {
      try {
        save();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot save " + dir.resolve(VectorFile.NAME) + ": " + e.getMessage()
            + "; the changes are safe in " + VectorLog.NAME, e);
      }
    }
  }

  /** Reads the index under the shared lock: searches run in parallel, never beside a write. */
  <T> T read(Function<VectorStore, T> body) {
    lock.readLock().lock();
    try {
      checkOpen();
      return body.apply(store);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Writes {@code parts} dump files {@code vectors-<i>.bin} under {@code path}, beside searches. */
  void dump(Path path, int parts) throws IOException {
    lock.readLock().lock();
    try {
      checkOpen();
      for (int j = 0; j < parts; j++) {
        VectorFile.write(Workspace.partFile(path, "vectors", j, ".bin"), store, j, parts);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkOpen() {
    if (store == null) {
      throw new IllegalStateException("the vector index is closed");
    }
  }

  /** Writes the snapshot when something changed since the last, then starts the log again. */
  void save() throws IOException {
    synchronized (saving) {
      if (dir == null) {
        return;
      }
      lock.readLock().lock();
      try {
        if (!dirty || store == null) {
          return;
        }
        Path snapshot = dir.resolve(VectorFile.NAME);
        VectorFile.write(snapshot, store, 0, 1);
        syncDir(); // the new snapshot's name is on disk before the log that continued the old one goes
        VectorLog.Base base = VectorLog.Base.of(snapshot);
        log.reset(base); // a crash before this: the old log's base no longer matches, so it is dropped
        snapshotBytes = base.size();
        dirty = false;
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  private void syncDir() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException e) {
      // not every platform opens directories; the rename is atomic still
    }
  }

  /** Saves (when persisted and changed) and empties the index; closing again does nothing. */
  @Override
  public void close() throws IOException {
    synchronized (saving) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        save();
      } finally {
        lock.writeLock().lock();
        try {
          if (log != null) {
            log.close();
          }
          if (store != null) {
            store.clear();
          }
          store = null;
        } finally {
          lock.writeLock().unlock();
        }
      }
    }
  }

  /** Changes made inside {@link #write}: applied to the store and gathered for the log. */
  final class Writer {
    boolean contains(String id) {
      return store.contains(id);
    }

    /** The index's dimension, or -1 while it is empty. */
    int dim() {
      return store.dim();
    }

    /** Calls {@code action} with each stored id; it must not change the index. */
    void forEachId(Consumer<String> action) {
      for (int r = 0; r < store.size(); r++) {
        action.accept(store.id(r));
      }
    }

    /** Adds or replaces {@code id}'s vector (and kept document, or null). */
    void put(String id, float[] vector, int from, int length, dev.jflow.api.Document kept) {
      byte[] document = log != null && kept != null ? DocumentRecord.encode(kept) : null;
      if (log != null) {
        VectorLog.Records.checkSize(id, length, document);
      }
      store.put(id, vector, from, length, kept); // validates the dimension before anything is logged
      if (log != null) {
        records.put(id, vector, from, length, document);
      }
    }

    /** Removes {@code id}; false when it was not stored. */
    boolean remove(String id) {
      boolean removed = store.remove(id);
      if (removed && log != null) {
        records.delete(id);
      }
      return removed;
    }
  }
}
