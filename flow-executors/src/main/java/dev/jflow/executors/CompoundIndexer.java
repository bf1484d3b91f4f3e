package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link VectorIndexer} and a {@link KeyValueIndexer} in one executor, as Jina's compound indexer:
 * INDEX, UPDATE and DELETE go to both; SEARCH finds the nearest vectors and fills each match with the
 * full stored document (content, embedding, tags, chunks, ...), keeping the match's id and score.
 * Other requests are filled from the document store.
 *
 * <p>Arguments ({@code with}) are both indexers', shared: {@code metric}, {@code default_top_k},
 * {@code traversal_paths}, {@code workspace}, {@code name}, {@code fsync}, {@code load_path}
 * ({@code keep_documents} is always false here: the document store holds them).
 *
 * <p>Persistence: with a workspace, each write request is durable when answered: its vectors are in
 * the vector index's log (see {@link VectorIndexer}) and its documents committed to the document store,
 * in that order; a request whose vectors disagree in dimension (with the index or each other) is
 * refused before either store changes. A process killed between the two leaves the vectors of that
 * unanswered request changed and its documents not; the replica that next opens the shard's stores
 * first repairs that (vectors of ids without a document dropped, documents with an embedding but no
 * vector given it back, one pass over the document keys): send the request again. When the workspace has documents but no vector files (or an older JFlow marked them stale), the
 * vectors are rebuilt from the stored embeddings on open. Replicas of a shard in one JVM share both
 * stores (see both indexers), so a rolling update's new replicas join them, and one loading a
 * {@code load_path} replaces the contents of every replica of the shard: the documents first, then the
 * vectors. {@link #dump} writes {@code vectors-<i>.bin} and {@code documents-<i>.mv.db} for each part,
 * which {@code load_path} loads. Shard with polling ALL for SEARCH (and UPDATE, DELETE) and reduce with
 * {@code _merge_matches_topk} (add {@code sort_ascending: true} for euclidean distances). A RELOAD may
 * change {@code load_path}, and is refused where it would lose data (see both indexers).
 */
public final class CompoundIndexer implements Executor {
  private static final System.Logger LOG = System.getLogger(CompoundIndexer.class.getName());
  private static final String VECTORS_STATE = "vectors"; // an older JFlow's marker: "stale" until vectors.bin was saved
  private static final String SAVED = "saved";
  private static final String STALE = "stale";

  private final VectorIndexer vectors = new VectorIndexer();
  private final KeyValueIndexer documents = new KeyValueIndexer();

  /** An indexer configured by {@link #open}. */
  public CompoundIndexer() {}

  @Override
  public void open(ExecutorContext context) throws IOException {
    JsonMap with = context.with().copy();
    with.put("keep_documents", false);
    ExecutorContext inner = new ExecutorContext(context.pod(), context.shard(), context.replica(), with);
    Args args = new Args("CompoundIndexer", with);
    boolean persistent = args.string("workspace", null) != null;
    boolean loading = args.string("load_path", null) != null;
    documents.open(inner);
    try {
      Args vectorArgs = vectors.configure(inner);
      boolean stale = persistent && STALE.equals(documents.meta(VECTORS_STATE));
      SharedVectors.Source rebuild = null; // used only by the replica that opens the shard's vectors first
      if (persistent && !loading && (stale || !vectors.hasFiles())) {
        rebuild = into -> documents.forEach(d -> vectors.fill(into, d));
      }
      vectors.open(inner, vectorArgs, rebuild, persistent && rebuild == null ? this::reconcile : null);
      if (stale) {
        documents.meta(VECTORS_STATE, SAVED);
      }
    } catch (IOException | RuntimeException e) {
      try {
        vectors.close();
        documents.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Makes the vectors agree with the documents, as the replica that opens the shard's vectors first (a
   * process killed between the two stores' writes of a request): vectors of ids without a document
   * are dropped, and documents with an embedding but no vector get it back. Reads each document's key;
   * decodes only documents without a vector.
   */
  private void reconcile(SharedVectors shared) {
    int[] added = new int[1];
    int[] dropped = new int[1];
    shared.write(w -> {
      Set<String> orphans = new HashSet<>();
      w.forEachId(orphans::add);
      List<Document> missing = new ArrayList<>();
      documents.forEachRecord((id, record) -> {
        if (!orphans.remove(id)) {
          Document d = DocumentRecord.decode(record, documents.where() + " (document '" + id + "')");
          if (d.embedding() != null) {
            missing.add(d);
          }
        }
      });
      for (String id : orphans) {
        if (w.remove(id)) {
          dropped[0]++;
        }
      }
      for (Document d : missing) {
        try {
          vectors.repair(w, d);
          added[0]++;
        } catch (IllegalArgumentException e) {
          LOG.log(System.Logger.Level.WARNING, "{0}: document ''{1}'' has no vector and cannot get one back: {2}",
              documents.where(), d.id(), e.getMessage());
        }
      }
    });
    if (added[0] + dropped[0] > 0) {
      LOG.log(System.Logger.Level.WARNING, "{0}: the vectors did not match the documents (a process stopped between "
          + "the two stores of a request): dropped {1} vectors without a document, added {2} from stored documents",
          documents.where(), dropped[0], added[0]);
    }
  }

  @Override
  public void handle(Request request) {
    vectors.handle(request); // first: it validates dimensions before anything is committed
    documents.handle(request);
  }

  /** Number of stored vectors. */
  public int size() {
    return vectors.size();
  }

  /** The stored document with {@code id}, or null; see {@link KeyValueIndexer#get}. */
  public Document get(String id) {
    return documents.get(id);
  }

  /** Writes {@code shards} parts of both indexes to {@code path}; see {@link VectorIndexer#dump} and {@link KeyValueIndexer#dump}. */
  @Override
  public void dump(String path, int shards) throws IOException {
    vectors.dump(path, shards);
    documents.dump(path, shards);
  }

  /** A RELOAD may give both indexes a dump to load ({@code load_path}). */
  @Override
  public Set<String> reloadableArgs() {
    return Set.of("load_path");
  }

  /** Refuses a RELOAD either indexer refuses: see {@link KeyValueIndexer#checkReload} and {@link VectorIndexer#checkReload}. */
  @Override
  public void checkReload(JsonMap changes) {
    documents.checkReload(changes);
    vectors.checkReload(changes);
  }

  /** Lets go of both stores (the last replica saves the vectors and closes them); closing again does nothing. */
  @Override
  public void close() throws IOException {
    try {
      vectors.close();
    } finally {
      documents.close();
    }
  }
}
