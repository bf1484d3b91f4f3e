package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.io.IOException;
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
 * <p>Persistence: with a workspace, the documents (and their embeddings) are committed with every
 * write request, and the vectors are saved to {@code vectors.bin} on close and on dump. The document
 * store records whether {@code vectors.bin} is up to date; when it is not (the process died after a
 * write), the vectors are rebuilt from the stored embeddings on open, so no acknowledged write is lost.
 * {@link #dump} writes {@code vectors-<i>.bin} and {@code documents-<i>.mv.db} for each part, which
 * {@code load_path} loads. Shard with polling ALL for SEARCH (and UPDATE, DELETE) and reduce with
 * {@code _merge_matches_topk} (add {@code sort_ascending: true} for euclidean distances). A RELOAD may
 * change {@code load_path}, and is refused where it would lose data (see both indexers).
 */
public final class CompoundIndexer implements Executor {
  private static final String VECTORS_STATE = "vectors";
  private static final String SAVED = "saved";
  private static final String STALE = "stale";

  private final VectorIndexer vectors = new VectorIndexer();
  private final KeyValueIndexer documents = new KeyValueIndexer();
  private boolean persistent;
  private boolean markedStale;

  /** An indexer configured by {@link #open}. */
  public CompoundIndexer() {}

  @Override
  public void open(ExecutorContext context) throws IOException {
    JsonMap with = context.with().copy();
    with.put("keep_documents", false);
    ExecutorContext inner = new ExecutorContext(context.pod(), context.shard(), context.replica(), with);
    Args args = new Args("CompoundIndexer", with);
    persistent = args.string("workspace", null) != null;
    boolean loading = args.string("load_path", null) != null;
    documents.open(inner);
    try {
      Args vectorArgs = vectors.configure(inner);
      if (loading || !persistent || (SAVED.equals(documents.meta(VECTORS_STATE)) && vectors.hasSnapshot())) {
        vectors.load(inner, vectorArgs);
      } else {
        documents.forEach(vectors::indexStored); // vectors.bin is missing or older than the documents
        markedStale = persistent;
      }
      if (loading) {
        markStale();
        documents.commit();
      }
    } catch (IOException | RuntimeException e) {
      documents.close();
      throw e;
    }
  }

  @Override
  public void handle(Request request) {
    switch (request.type()) {
      case INDEX:
      case UPDATE:
      case DELETE:
        markStale();
        break;
      default:
        break;
    }
    vectors.handle(request); // first: it validates dimensions before anything is committed
    documents.handle(request);
  }

  private void markStale() {
    if (persistent && !markedStale) {
      documents.meta(VECTORS_STATE, STALE); // committed with the write that follows
      markedStale = true;
    }
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
    saved();
  }

  private void saved() {
    if (persistent && markedStale) {
      documents.meta(VECTORS_STATE, SAVED);
      documents.commit();
      markedStale = false;
    }
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

  /** Saves the vectors, marks them up to date and closes the document store; closing again does nothing. */
  @Override
  public void close() throws IOException {
    try {
      vectors.close();
      saved();
    } finally {
      documents.close();
    }
  }
}
