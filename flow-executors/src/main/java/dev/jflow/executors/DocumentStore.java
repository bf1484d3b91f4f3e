package dev.jflow.executors;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The MVStore behind {@link KeyValueIndexer}, shared by the replicas of a shard in this JVM (through
 * {@link SharedStores}) when persisted. MVStore is thread-safe, but its maps show uncommitted changes
 * to readers; so a write request's changes and their commit hold a read-write lock exclusively, and
 * reads share it: a reader sees whole requests only, and commits are serialized. A memory-only store
 * belongs to one replica.
 */
final class DocumentStore implements AutoCloseable {
  /** The meta key of the fingerprint of the last load_path dump loaded (its files' names, sizes and times). */
  static final String LOADED = "loaded";
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final String where;
  private final Path file; // null: in memory
  private final boolean fsync;
  private final MVStore mv;
  final MVMap<String, byte[]> documents;
  final MVMap<String, String> meta;
  private String loaded; // what the last load_path load held; guarded by the write lock

  private DocumentStore(Path file, boolean fsync) {
    this.file = file;
    this.fsync = fsync;
    this.where = file == null ? "the in-memory document store" : file.toString();
    mv = open(file, false);
    try {
      documents = guarded(() -> mv.openMap("documents"));
      meta = guarded(() -> mv.openMap("meta"));
    } catch (RuntimeException e) {
      mv.closeImmediately();
      throw e;
    }
  }

  /**
   * Opens the store at {@code file} (in memory when null), loading {@code dumps} into it when there
   * are any (recorded as {@code print}) unless the file holds that load already, else checking its
   * records' format.
   */
  static DocumentStore open(Path file, boolean fsync, List<Path> dumps, String print) {
    DocumentStore s = new DocumentStore(file, fsync);
    try {
      if (!dumps.isEmpty() && file != null && print.equals(s.guarded(() -> s.meta.get(LOADED)))) {
        s.checkFormat(); // holds this dump already, and every write since: keep them
        s.loaded = print;
      } else if (dumps.isEmpty()) {
        s.checkFormat();
      } else {
        s.replace(print, dumps);
      }
    } catch (RuntimeException e) {
      s.mv.closeImmediately();
      throw e;
    }
    return s;
  }

  /**
   * Replaces every document with those of {@code dumps} in one commit, unless the store holds
   * {@code print}'s load already; readers see the old documents or the new ones. A load that fails (a
   * damaged part) or is killed midway changes nothing: nothing is committed before the last part is in.
   */
  void replace(String print, List<Path> dumps) {
    lock.writeLock().lock();
    try {
      if (print.equals(loaded)) {
        return;
      }
      try {
        guarded(() -> {
          documents.clear();
          return null;
        });
        for (Path dump : dumps) {
          copyFrom(dump);
        }
        guarded(() -> meta.put(LOADED, print)); // committed with the documents: a restart with this dump keeps them
        commit();
      } catch (RuntimeException e) {
        guarded(() -> {
          mv.rollback(); // back to the last commit: the documents before the load
          return null;
        });
        throw e;
      }
      loaded = print;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Refuses a store whose records an older JFlow wrote, judged by its first record (records are written one way). */
  private void checkFormat() {
    String first = guarded(() -> documents.firstKey());
    if (first != null) {
      DocumentRecord.checkFormat(guarded(() -> documents.get(first)), where + " (document '" + first + "')");
    }
  }

  private void copyFrom(Path dump) {
    MVStore in = open(dump, true);
    try {
      MVMap<String, byte[]> part = in.openMap("documents");
      for (Iterator<Map.Entry<String, byte[]>> it = part.entrySet().iterator(); it.hasNext();) {
        Map.Entry<String, byte[]> e = it.next();
        DocumentRecord.check(e.getValue(), dump + " (document '" + e.getKey() + "')");
        documents.put(e.getKey(), e.getValue());
      }
    } catch (MVStoreException e) {
      throw new IllegalStateException(dump + " cannot be read: " + e.getMessage(), e);
    } finally {
      in.close();
    }
  }

  /** Makes every change so far durable (forced to disk unless fsync is off); call it holding the write lock. */
  void commit() {
    guarded(() -> {
      mv.commit();
      if (fsync && file != null) {
        mv.sync();
      }
      return null;
    });
  }

  static MVStore open(Path file, boolean readOnly) {
    MVStore.Builder b = new MVStore.Builder();
    if (file != null) {
      b.fileName(file.toString());
      // no commit behind our back (by time or by unsaved size): a request, or a whole load, is committed
      // by commit() or not at all, so a failed load rolls back entirely and a killed one leaves nothing
      b.autoCommitDisabled().autoCommitBufferSize(0);
    }
    if (readOnly) {
      b.readOnly();
    }
    try {
      return b.open();
    } catch (MVStoreException e) {
      if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
        throw new IllegalStateException(file + " is in use by another process; a document store has one writer, and "
            + "only the replicas in one JVM share it: give each process its own workspace or name", e);
      }
      throw new IllegalStateException(file + " cannot be opened: " + e.getMessage()
          + "; JFlow leaves it untouched: load a dump (load_path) or give the pod an empty workspace", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(file + " cannot be opened: " + e, e);
    }
  }

  <T> T guarded(Supplier<T> op) {
    try {
      return op.get();
    } catch (MVStoreException e) {
      throw new IllegalStateException(where + " failed: " + e.getMessage()
          + "; if the store is damaged, load a dump (load_path) or give the pod an empty workspace", e);
    }
  }

  /** Closes the store, committing what is pending; closing again does nothing. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!mv.isClosed()) {
        guarded(() -> {
          mv.close();
          return null;
        });
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
