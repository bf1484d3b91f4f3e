package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Whole documents by id. INDEX stores each document (replacing one with the same id), UPDATE replaces
 * only documents already stored (so an update sent to every shard changes only the one holding the
 * id), DELETE removes the request's ids (and its documents' ids). Every other request (SEARCH above
 * all) is filled: each document without content of its own, each of its matches without content, and
 * so on through chunks, gets the stored document's content, embedding, chunks, tags it lacks and empty
 * descriptive fields (uri, mime type, ...); its id, score and matches stay. Documents are stored
 * without their matches.
 *
 * <p>Storage is H2's MVStore ({@code org.h2.mvstore}), a well-kept embedded, append-only,
 * copy-on-write key-value store: every write request is committed when it is handled, and a commit is
 * what a reopened store sees. A torn last write (the process killed mid-commit) is detected from the
 * chunk headers and footers on reopen and rolled back to the last good commit. A document is stored as
 * its {@code DocumentProto} bytes (flow-proto's codec, as on the wire) framed by a CRC-32, since
 * MVStore does not checksum values ({@code DocumentRecord}): a damaged record is reported with an
 * {@link IllegalStateException} naming the file and id, never returned as data. A store an older JFlow
 * wrote (document record format 1) fails to open with a {@link dev.jflow.api.FlowException}
 * (FAILED_PRECONDITION) saying so; so does loading such a dump.
 *
 * <p>Arguments ({@code with}):
 * <ul>
 *   <li>{@code workspace}: a directory to persist to; none by default (an in-memory store). The file
 *       is {@code <workspace>/<name>/documents.mv.db}, {@code <workspace>/<name>-<s>/...} for shard
 *       {@code s > 0}. The replicas of a shard in one JVM share the open store (one writer at a time, reads
 *       in parallel); another process cannot open it while they do, and fails saying so.
 *   <li>{@code name}: the directory name under the workspace; default the pod's name.
 *   <li>{@code fsync}: true (default) forces each committed request to disk, surviving power loss;
 *       false leaves that to the OS (still safe when only the process dies).
 *   <li>{@code traversal_paths}: which documents INDEX, UPDATE and DELETE store by id: {@code [r]}
 *       (default), {@code [c]} chunks, {@code [r, c]} both. Filling always walks every level.
 *   <li>{@code load_path}: a dump to load on open, replacing what the workspace held (rolling
 *       updates): a {@code documents.mv.db}-format file, or a directory written by {@link #dump}, from
 *       which shard {@code s} loads {@code documents-<s>.mv.db} (and {@code shard-*}{@code /...}). A replica that joins a shared store
 *       not holding that dump yet (the first new replica of a rolling update) replaces the documents of
 *       every replica of the shard with it, in one commit: from then on the old replicas still serving
 *       answer from the dump too. Later replicas with the same dump (same files, sizes and modification
 *       times) just join, and so does a restart with the same dump: the store records what it loaded
 *       and keeps the writes made since.
 * </ul>
 * A RELOAD may change {@code load_path} (where the Flow allows paths to be reloaded). With a workspace
 * any RELOAD is fine: the new instance opens before the old one closes and joins its store. Without
 * one, each replica has a store of its own (replicas of a memory-only store diverge: give the pod a
 * workspace to share), and a RELOAD without {@code load_path} is refused while it holds documents
 * ({@link #checkReload}).
 */
public final class KeyValueIndexer implements Executor {
  static final String FILE = "documents.mv.db";

  private DocumentStore store;
  private SharedStores.Lease<DocumentStore> lease; // with a workspace: the shard's store, shared with its replicas
  private Traversal traversal = Traversal.ROOTS;

  /** A store opened by {@link #open}. */
  public KeyValueIndexer() {}

  @Override
  public void open(ExecutorContext context) throws IOException {
    Args args = new Args("KeyValueIndexer", context.with());
    traversal = Traversal.of(args);
    boolean fsync = args.bool("fsync", true);
    Path dir = Workspace.dir(context, args);
    String load = args.string("load_path", null);
    List<Path> dumps = load == null ? List.of()
        : Workspace.loadFiles(Paths.get(load), "documents", context.shard(), ".mv.db", "KeyValueIndexer");
    String print = dumps.isEmpty() ? null : Workspace.fingerprint(dumps);
    if (dir == null) {
      store = DocumentStore.open(null, fsync, dumps, print);
      return;
    }
    Path file = dir.resolve(FILE);
    lease = SharedStores.acquire("documents", dir, DocumentStore.class, () -> DocumentStore.open(file, fsync, dumps, print));
    store = lease.store();
    if (!lease.first() && !dumps.isEmpty()) {
      try {
        store.replace(print, dumps);
      } catch (RuntimeException e) {
        SharedStores.Lease<DocumentStore> l = lease;
        lease = null;
        store = null;
        try {
          l.close();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  @Override
  public void handle(Request request) {
    switch (request.type()) {
      case INDEX:
        write(() -> traversal.select(request.docs()).forEach(this::write));
        break;
      case UPDATE:
        write(() -> traversal.select(request.docs()).stream().filter(d -> contains(d.id())).forEach(this::write));
        break;
      case DELETE:
        write(() -> {
          request.ids().forEach(this::delete);
          request.docs().forEach(d -> delete(d.id()));
        });
        break;
      default:
        request.docs().forEach(this::fillTree);
        break;
    }
  }

  /** Runs {@code changes} and commits them, one writer at a time; readers see all of them or none. */
  private void write(Runnable changes) {
    store.lock.writeLock().lock();
    try {
      try {
        changes.run();
      } catch (RuntimeException | Error e) {
        try { // what was applied is committed, as when each write committed at once
          store.commit();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed); // the first failure is the one to report
        }
        throw e;
      }
      store.commit();
    } finally {
      store.lock.writeLock().unlock();
    }
  }

  private <T> T read(Supplier<T> op) {
    store.lock.readLock().lock();
    try {
      return store.guarded(op);
    } finally {
      store.lock.readLock().unlock();
    }
  }

  /** Fills {@code d}, its matches and its chunks (recursively) that lack content. */
  void fillTree(Document d) {
    fillOne(d);
    d.matches().forEach(this::fillOne);
    d.chunks().forEach(this::fillTree);
  }

  private void fillOne(Document d) {
    if (DocumentFill.needsFill(d)) {
      Document stored = get(d.id());
      if (stored != null) {
        DocumentFill.fill(d, stored);
      }
    }
  }

  /** Stores {@code doc} (without its matches) and commits. */
  public void put(Document doc) {
    write(() -> write(doc));
  }

  /**
   * The stored document with {@code id}, a fresh copy, or null.
   *
   * @throws IllegalStateException when its record is damaged
   */
  public Document get(String id) {
    byte[] record = read(() -> store.documents.get(id));
    return record == null ? null : DocumentRecord.decode(record, store.where + " (document '" + id + "')");
  }

  /** Whether a document with {@code id} is stored. */
  public boolean contains(String id) {
    return read(() -> store.documents.containsKey(id));
  }

  /** Removes {@code id} and commits; returns false when it was not stored. */
  public boolean remove(String id) {
    boolean[] removed = new boolean[1];
    write(() -> removed[0] = delete(id));
    return removed[0];
  }

  /** Number of stored documents. */
  public long size() {
    return read(() -> store.documents.sizeAsLong());
  }

  private void write(Document d) {
    Document kept = d;
    if (!d.matches().isEmpty()) {
      kept = d.copy();
      kept.matches().clear();
    }
    byte[] record = DocumentRecord.encode(kept);
    store.guarded(() -> store.documents.put(d.id(), record));
  }

  private boolean delete(String id) {
    return store.guarded(() -> store.documents.remove(id)) != null;
  }

  /** Calls {@code action} with every stored document (decoded, in id order), beside readers. */
  void forEach(Consumer<Document> action) {
    store.lock.readLock().lock();
    try {
      Iterator<Map.Entry<String, byte[]>> it = store.guarded(() -> store.documents.entrySet().iterator());
      while (store.guarded(it::hasNext)) {
        Map.Entry<String, byte[]> e = store.guarded(it::next);
        action.accept(DocumentRecord.decode(e.getValue(), store.where + " (document '" + e.getKey() + "')"));
      }
    } finally {
      store.lock.readLock().unlock();
    }
  }

  /** Where the documents are, for messages. */
  String where() {
    return store.where;
  }

  /** A bookkeeping value kept beside the documents, or null. */
  String meta(String key) {
    return read(() -> store.meta.get(key));
  }

  /** Sets a bookkeeping value and commits it. */
  void meta(String key, String value) {
    write(() -> store.guarded(() -> store.meta.put(key, value)));
  }

  /**
   * Writes the documents to {@code path} as {@code shards} MVStore files {@code documents-0.mv.db}
   * ...; a document's part is a stable hash of its id, the same as {@link VectorIndexer#dump}'s.
   */
  @Override
  public void dump(String path, int shards) throws IOException {
    if (path == null || path.isBlank() || shards < 1) {
      throw new IllegalArgumentException("KeyValueIndexer.dump needs a path and at least 1 shard, got '" + path
          + "' and " + shards);
    }
    Path p = Paths.get(path);
    Files.createDirectories(p);
    for (int j = 0; j < shards; j++) {
      Path target = Workspace.partFile(p, "documents", j, ".mv.db");
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      MVStore out = DocumentStore.open(tmp, false);
      try {
        MVMap<String, byte[]> part = out.openMap("documents");
        int j0 = j;
        forEachRecord((id, record) -> {
          if (shards == 1 || Workspace.part(id, shards) == j0) {
            part.put(id, record);
          }
        });
        out.commit();
        out.sync();
      } finally {
        out.close();
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Workspace.syncDir(p);
  }

  /** Calls {@code action} with every stored id and record (undecoded, in id order), beside readers. */
  void forEachRecord(java.util.function.BiConsumer<String, byte[]> action) {
    store.lock.readLock().lock();
    try {
      Iterator<Map.Entry<String, byte[]>> it = store.guarded(() -> store.documents.entrySet().iterator());
      while (store.guarded(it::hasNext)) {
        Map.Entry<String, byte[]> e = store.guarded(it::next);
        action.accept(e.getKey(), e.getValue());
      }
    } finally {
      store.lock.readLock().unlock();
    }
  }

  /** A RELOAD may give the store a dump to load ({@code load_path}). */
  @Override
  public Set<String> reloadableArgs() {
    return Set.of("load_path");
  }

  /**
   * Refuses a RELOAD without a {@code load_path} while documents are kept in memory only, which a fresh
   * instance would not find. With a workspace any RELOAD is fine: the fresh instance joins the shard's
   * open store.
   */
  @Override
  public void checkReload(JsonMap changes) {
    if (lease == null && !changes.containsKey("load_path") && size() > 0) {
      throw new IllegalStateException("it keeps its documents in memory only, so a fresh instance would start empty. "
          + "Reload it with a load_path (a DUMP of this pod), or give the pod a workspace");
    }
  }

  /** Lets go of the store; the last replica holding a persisted one closes it (committing what is pending). Idempotent. */
  @Override
  public void close() throws IOException {
    SharedStores.Lease<DocumentStore> l = lease;
    DocumentStore s = store;
    lease = null;
    store = null;
    if (l != null) {
      l.close();
    } else if (s != null) {
      s.close();
    }
  }
}
