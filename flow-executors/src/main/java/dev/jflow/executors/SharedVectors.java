package dev.jflow.executors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * belongs to one replica. A persisted index holds a lock on {@code vectors.lock} while open, so a
 * second process cannot write the same log; and it records the fingerprint of the load_path dump it
 * last loaded in {@code vectors.loaded}, so a restart with the same load_path keeps the writes made
 * since instead of loading the dump again.
 */
final class SharedVectors implements AutoCloseable {
  static final long MIN_LOG_BEFORE_SNAPSHOT = 64L << 20;
  static final String LOCK = "vectors.lock";
  static final String LOADED = "vectors.loaded";
  private static final System.Logger LOG = System.getLogger(SharedVectors.class.getName());

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
  private long snapshotAfter = MIN_LOG_BEFORE_SNAPSHOT; // log bytes past which a write saves a snapshot
  private FileChannel lockFile; // with a directory: holds the lock on vectors.lock while open
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
    shared.lock();
    try {
      if (source != null && loaded != null && loaded.equals(readLoaded(dir)) && Files.exists(snapshot)) {
        source = null; // the workspace holds this dump already, and every write since: keep them
        shared.loaded = loaded;
      }
      if (source != null) {
        Files.deleteIfExists(dir.resolve(LOADED)); // until the new snapshot is saved, no dump is "in it"
        source.fill(store);
        shared.log = VectorLog.unopened(dir, fsync); // the save starts it, continuing the new snapshot
        shared.dirty = true;
        shared.save();
        shared.loaded = loaded;
        writeLoaded(dir, loaded);
      } else {
        if (Files.exists(snapshot)) {
          VectorFile.read(snapshot, store);
        }
        VectorLog.Base base = VectorLog.Base.of(snapshot);
        shared.snapshotBytes = Math.max(0, base.size());
        shared.snapshotAfter = Math.max(MIN_LOG_BEFORE_SNAPSHOT, shared.snapshotBytes);
        shared.log = VectorLog.open(dir, fsync, base, store);
      }
    } catch (IOException | RuntimeException e) {
      try {
        shared.unlock();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return shared;
  }

  /** Takes the lock on {@code vectors.lock}: one process writes the log. */
  private void lock() throws IOException {
    Path file = dir.resolve(LOCK);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock held;
    try {
      held = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      held = null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (held == null) {
      ch.close();
      throw new IllegalStateException(file + " is in use by another process (or another index of this one): the vector "
          + "index in " + dir + " has one writer; replicas in other processes need their own workspace");
    }
    lockFile = ch;
  }

  private void unlock() throws IOException {
    if (lockFile != null) {
      lockFile.close(); // releases the lock
      lockFile = null;
    }
  }

  /** The fingerprint of the dump the workspace was last loaded from, or null. */
  private static String readLoaded(Path dir) throws IOException {
    Path file = dir.resolve(LOADED);
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
  }

  private static void writeLoaded(Path dir, String print) throws IOException {
    if (print != null) {
      Workspace.writeAtomically(dir.resolve(LOADED), out -> out.write(print.getBytes(StandardCharsets.UTF_8)));
    }
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
        Files.deleteIfExists(dir.resolve(LOADED));
        VectorFile.write(dir.resolve(VectorFile.NAME), next, 0, 1); // forces the directory too
      }
      lock.writeLock().lock();
      try {
        if (log != null) {
          VectorLog.Base base = VectorLog.Base.of(dir.resolve(VectorFile.NAME));
          log.reset(base);
          snapshotBytes = base.size();
          snapshotAfter = Math.max(MIN_LOG_BEFORE_SNAPSHOT, snapshotBytes);
        }
        store = next;
        dirty = false;
        loaded = print;
      } finally {
        lock.writeLock().unlock();
      }
      if (dir != null) {
        writeLoaded(dir, print);
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
      snapshot = log != null && log.size() > snapshotAfter;
    } finally {
      lock.writeLock().unlock();
    }
    if (snapshot) {
      try {
        save();
      } catch (IOException | RuntimeException e) { // the write is in the log and answered: report, try later
        long next;
        lock.writeLock().lock();
        try {
          next = snapshotAfter = log.size() + Math.max(MIN_LOG_BEFORE_SNAPSHOT, snapshotBytes);
        } finally {
          lock.writeLock().unlock();
        }
        LOG.log(System.Logger.Level.WARNING, "cannot save {0} ({1}); the changes are safe in {2}, which grows until "
            + "the next try at {3} bytes", dir.resolve(VectorFile.NAME), e.toString(), VectorLog.NAME, Long.toString(next));
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
        VectorFile.write(snapshot, store, 0, 1); // forces the directory: the new snapshot's name is on disk
        VectorLog.Base base = VectorLog.Base.of(snapshot);
        log.reset(base); // a crash before this: the old log's base no longer matches, so it is dropped
        snapshotBytes = base.size();
        snapshotAfter = Math.max(MIN_LOG_BEFORE_SNAPSHOT, snapshotBytes);
        dirty = false;
      } finally {
        lock.readLock().unlock();
      }
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
          try {
            if (log != null) {
              log.close();
            }
            if (store != null) {
              store.clear();
            }
            store = null;
          } finally {
            unlock();
          }
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

    /** Whether changes go to a log (the index is persisted), which limits their size. */
    boolean logged() {
      return log != null;
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
