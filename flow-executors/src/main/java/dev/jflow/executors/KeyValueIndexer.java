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
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

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
 *       {@code s > 0}. One replica at a time can open it: a second fails to open, saying so.
 *   <li>{@code name}: the directory name under the workspace; default the pod's name.
 *   <li>{@code fsync}: true (default) forces each committed request to disk, surviving power loss;
 *       false leaves that to the OS (still safe when only the process dies).
 *   <li>{@code traversal_paths}: which documents INDEX, UPDATE and DELETE store by id: {@code [r]}
 *       (default), {@code [c]} chunks, {@code [r, c]} both. Filling always walks every level.
 *   <li>{@code load_path}: a dump to load on open, replacing what the workspace held (rolling
 *       updates): a {@code documents.mv.db}-format file, or a directory written by {@link #dump}, from
 *       which shard {@code s} loads {@code documents-<s>.mv.db} (and {@code shard-*}{@code /...}).
 * </ul>
 * A RELOAD may change {@code load_path} (where the Flow allows paths to be reloaded). It is refused
 * ({@link #checkReload}) where a fresh instance could not take over: with a workspace (the store has one
 * writer, and this instance holds it), or with documents kept in memory only and no {@code load_path}.
 */
public final class KeyValueIndexer implements Executor {
  static final String FILE = "documents.mv.db";

  private MVStore mv;
  private MVMap<String, byte[]> documents;
  private MVMap<String, String> meta;
  private String where = "the in-memory document store";
  private Path file;
  private boolean fsync = true;
  private Traversal traversal = Traversal.ROOTS;

  /** A store opened by {@link #open}. */
  public KeyValueIndexer() {}

  @Override
  public void open(ExecutorContext context) throws IOException {
    Args args = new Args("KeyValueIndexer", context.with());
    traversal = Traversal.of(args);
    fsync = args.bool("fsync", true);
    Path dir = Workspace.dir(context, args);
    String load = args.string("load_path", null);
    List<Path> dumps = load == null ? List.of()
        : Workspace.loadFiles(Paths.get(load), "documents", context.shard(), ".mv.db", "KeyValueIndexer");
    file = dir == null ? null : dir.resolve(FILE);
    where = file == null ? "the in-memory document store" : file.toString();
    mv = openStore(file, false);
    try {
      documents = guarded(() -> mv.openMap("documents"));
      meta = guarded(() -> mv.openMap("meta"));
      if (dumps.isEmpty()) {
        checkFormat();
      } else {
        guarded(() -> {
          documents.clear();
          return null;
        });
        for (Path dump : dumps) {
          copyFrom(dump);
        }
        commit();
      }
    } catch (RuntimeException e) {
      mv.closeImmediately();
      throw e;
    }
  }

  @Override
  public void handle(Request request) {
    switch (request.type()) {
      case INDEX:
        traversal.select(request.docs()).forEach(this::write);
        commit();
        break;
      case UPDATE:
        traversal.select(request.docs()).stream().filter(d -> contains(d.id())).forEach(this::write);
        commit();
        break;
      case DELETE:
        request.ids().forEach(this::delete);
        request.docs().forEach(d -> delete(d.id()));
        commit();
        break;
      default:
        request.docs().forEach(this::fillTree);
        break;
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
    write(doc);
    commit();
  }

  /**
   * The stored document with {@code id}, a fresh copy, or null.
   *
   * @throws IllegalStateException when its record is damaged
   */
  public Document get(String id) {
    byte[] record = guarded(() -> documents.get(id));
    return record == null ? null : DocumentRecord.decode(record, where + " (document '" + id + "')");
  }

  /** Whether a document with {@code id} is stored. */
  public boolean contains(String id) {
    return guarded(() -> documents.containsKey(id));
  }

  /** Removes {@code id} and commits; returns false when it was not stored. */
  public boolean remove(String id) {
    boolean removed = delete(id);
    commit();
    return removed;
  }

  /** Number of stored documents. */
  public long size() {
    return guarded(() -> documents.sizeAsLong());
  }

  private void write(Document d) {
    Document kept = d;
    if (!d.matches().isEmpty()) {
      kept = d.copy();
      kept.matches().clear();
    }
    byte[] record = DocumentRecord.encode(kept);
    guarded(() -> documents.put(d.id(), record));
  }

  private boolean delete(String id) {
    return guarded(() -> documents.remove(id)) != null;
  }

  /** Refuses a store whose records an older JFlow wrote, judged by its first record (records are written one way). */
  private void checkFormat() {
    String first = guarded(() -> documents.firstKey());
    if (first != null) {
      DocumentRecord.checkFormat(guarded(() -> documents.get(first)), where + " (document '" + first + "')");
    }
  }

  /** Calls {@code action} with every stored document (decoded, in id order). */
  void forEach(Consumer<Document> action) {
    Iterator<Map.Entry<String, byte[]>> it = guarded(() -> documents.entrySet().iterator());
    while (guarded(it::hasNext)) {
      Map.Entry<String, byte[]> e = guarded(it::next);
      action.accept(DocumentRecord.decode(e.getValue(), where + " (document '" + e.getKey() + "')"));
    }
  }

  /** A bookkeeping value kept beside the documents (committed with them), or null. */
  String meta(String key) {
    return guarded(() -> meta.get(key));
  }

  /** Sets a bookkeeping value; it is committed with the next commit. */
  void meta(String key, String value) {
    guarded(() -> meta.put(key, value));
  }

  /** Makes every change so far durable (forced to disk unless {@code fsync} is false). */
  void commit() {
    guarded(() -> {
      mv.commit();
      if (fsync && file != null) {
        mv.sync();
      }
      return null;
    });
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
    commit();
    Path p = Paths.get(path);
    Files.createDirectories(p);
    for (int j = 0; j < shards; j++) {
      Path target = Workspace.partFile(p, "documents", j, ".mv.db");
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      MVStore out = openStore(tmp, false);
      try {
        MVMap<String, byte[]> part = out.openMap("documents");
        for (Iterator<Map.Entry<String, byte[]>> it = documents.entrySet().iterator(); it.hasNext();) {
          Map.Entry<String, byte[]> e = it.next();
          if (shards == 1 || Workspace.part(e.getKey(), shards) == j) {
            part.put(e.getKey(), e.getValue());
          }
        }
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
  }

  private void copyFrom(Path dump) {
    MVStore in = openStore(dump, true);
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

  private static MVStore openStore(Path file, boolean readOnly) {
    MVStore.Builder b = new MVStore.Builder();
    if (file != null) {
      b.fileName(file.toString());
    }
    if (readOnly) {
      b.readOnly();
    }
    try {
      return b.open();
    } catch (MVStoreException e) {
      if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
        throw new IllegalStateException(file + " is in use by another replica or process; a document store has one "
            + "writer: give each replica its own workspace or name, or use load_path without a workspace", e);
      }
      throw new IllegalStateException(file + " cannot be opened: " + e.getMessage()
          + "; JFlow leaves it untouched: load a dump (load_path) or give the pod an empty workspace", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(file + " cannot be opened: " + e, e);
    }
  }

  private <T> T guarded(Supplier<T> op) {
    try {
      return op.get();
    } catch (MVStoreException e) {
      throw new IllegalStateException(where + " failed: " + e.getMessage()
          + "; if the store is damaged, load a dump (load_path) or give the pod an empty workspace", e);
    }
  }

  /** A RELOAD may give the store a dump to load ({@code load_path}). */
  @Override
  public Set<String> reloadableArgs() {
    return Set.of("load_path");
  }

  /**
   * Refuses a RELOAD that a fresh instance could not serve: one keeping the same workspace (its store
   * has one writer: this instance), or one without a {@code load_path} while documents are kept in
   * memory only.
   */
  @Override
  public void checkReload(JsonMap changes) {
    if (file != null && !changes.containsKey("workspace")) {
      throw new IllegalStateException("it holds its workspace's document store open, and a store has one writer, so a "
          + "fresh instance could not open it while this one runs. Restart the Flow to reopen the store");
    }
    if (file == null && !changes.containsKey("load_path") && size() > 0) {
      throw new IllegalStateException("it keeps its documents in memory only, so a fresh instance would start empty. "
          + "Reload it with a load_path (a DUMP of this pod), or give the pod a workspace");
    }
  }

  /** Closes the store (committing what is pending); closing again does nothing. */
  @Override
  public void close() {
    if (mv != null && !mv.isClosed()) {
      guarded(() -> {
        mv.close();
        return null;
      });
    }
  }
}
