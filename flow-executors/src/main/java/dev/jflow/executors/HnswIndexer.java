package dev.jflow.executors;

import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.JsonMap;
import dev.jflow.api.NamedScore;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An approximate vector index: an HNSW graph in Apache Lucene (9.12), answering like {@link VectorIndexer}
 * at a fraction of the cost on large indexes. Requests:
 * <ul>
 *   <li>INDEX stores the embedding of each document that has one (replacing a stored one with the
 *       same id); documents without an embedding are skipped.
 *   <li>UPDATE replaces the embedding of documents already stored; unknown ids are skipped, so an
 *       update sent to every shard changes only the shard that holds the id.
 *   <li>DELETE removes the request's ids (and the ids of its documents).
 *   <li>SEARCH appends to each query's matches its {@code top_k} nearest stored documents (the
 *       request's {@code top_k}, else {@code default_top_k}), closest first, as {@link VectorIndexer}
 *       does: the id, adjacency one more than the query's, and a score whose op name is the metric,
 *       whose ref id is the query's id and whose value is the cosine similarity, the euclidean distance
 *       or the inner product (Lucene's normalized score converted back), so shards of both indexers
 *       merge with {@code _merge_matches_topk}. Queries without an embedding get no matches.
 * </ul>
 * Every write request is committed (forced to disk) and visible to searches before it is answered, so a
 * process killed after an answer loses none of it. Embeddings are converted to float32 and flattened
 * as {@link VectorIndexer} does; the first vector fixes the dimension (1 to 1024, Lucene's limit) until
 * the index is empty again, and a vector or query of another dimension fails with an
 * {@link IllegalArgumentException} naming its id and both dimensions. With cosine, an all-zero
 * embedding is refused.
 *
 * <p>Arguments ({@code with}):
 * <ul>
 *   <li>{@code metric}: {@code cosine} (default), {@code euclidean} or {@code inner_product} (Lucene's
 *       maximum inner product: vectors need not be unit length).
 *   <li>{@code default_top_k}: matches per query when the request sets no {@code top_k}; default 10.
 *   <li>{@code m}: the graph's maximum connections per node; default 16 (2 to 512).
 *   <li>{@code ef_construction}: candidates considered while inserting; default 100 (1 to 3200).
 *   <li>{@code ef_search}: candidates gathered per query, never fewer than {@code top_k}; default 100.
 *       Higher finds more of the true neighbours, more slowly.
 *   <li>{@code keep_documents}: true (default) stores each indexed document without its embedding and
 *       matches and returns it as the match (text, tags, ...); false keeps only ids and vectors.
 *   <li>{@code traversal_paths}: which documents to index and search: {@code [r]} (default), {@code [c]}
 *       their chunks, {@code [r, c]} both.
 *   <li>{@code workspace}: a directory to persist to; none by default (memory only). The Lucene index
 *       lives in {@code <workspace>/<name>/hnsw/}, {@code <workspace>/<name>-<s>/hnsw/} for shard
 *       {@code s > 0}. Replicas of a shard in one JVM share it: writes one at a time, searches in
 *       parallel, each replica seeing the others' answered writes. Without a workspace each replica
 *       has an index of its own.
 *   <li>{@code name}: the directory name under the workspace; default the pod's name.
 *   <li>{@code load_path}: a dump to load on open, replacing what the index held: a {@code vectors.bin}
 *       file, or a directory written by a DUMP, from which shard {@code s} loads {@code vectors-<s>.bin}
 *       (and {@code shard-*}{@code /vectors-<s>.bin}). {@link VectorIndexer} writes and reads the same
 *       files, so a dump moves an index from one to the other. None by default.
 * </ul>
 * A RELOAD may change {@code load_path}. With a workspace, a new replica joins the index its
 * predecessor holds; the first new replica with a {@code load_path} replaces the shared index's
 * contents with the dump (visible to every replica of the shard at once), and later replicas with the
 * same dump just join; so does a restart, since the index's commits record which dump (by name, size and
 * checksum) it loaded last. A RELOAD of an index kept in memory only is refused without a {@code load_path}
 * ({@link #checkReload}).
 *
 * <p>For benchmarks and direct use, {@link #add}, {@link #commit}, {@link #remove} and {@link #query}
 * work without a Flow (on an in-memory index with the default settings until {@link #open}). A Flow
 * calls a replica serially; the shared index itself is thread-safe.
 */
public final class HnswIndexer implements Executor {
  private Metric metric;
  private int defaultTopK = 10;
  private int m = 16;
  private int efConstruction = 100;
  private int efSearch = 100;
  private boolean keepDocuments = true;
  private Traversal traversal = Traversal.ROOTS;
  private Path dir;
  private HnswStore store;
  private SharedStores.Lease<HnswStore> lease;
  private boolean closed;
  private String loadPath; // the load_path of the last open, or null
  private boolean unsaved; // memory only: written to since open, so a fresh instance would not find it all

  /** A cosine index, configured by {@link #open}. */
  public HnswIndexer() {
    this(Metric.COSINE);
  }

  /** An index comparing by {@code metric} (a {@code metric} argument given to {@link #open} wins). */
  public HnswIndexer(Metric metric) {
    this.metric = metric;
  }

  @Override
  public void open(ExecutorContext context) throws IOException {
    Args args = new Args("HnswIndexer", context.with());
    try {
      metric = Metric.of(args.string("metric", metric.id()));
    } catch (IllegalArgumentException e) {
      throw args.bad("metric", "cosine, euclidean or inner_product", args.with().get("metric"));
    }
    defaultTopK = args.integer("default_top_k", 10, 0);
    m = bounded(args, "m", 16, 2, 512);
    efConstruction = bounded(args, "ef_construction", 100, 1, 3200);
    efSearch = bounded(args, "ef_search", 100, 1, 10_000);
    keepDocuments = args.bool("keep_documents", true);
    traversal = Traversal.of(args);
    loadPath = args.string("load_path", null);
    unsaved = false;
    List<Path> dumps = loadPath == null ? List.of()
        : Workspace.loadFiles(Paths.get(loadPath), "vectors", context.shard(), ".bin", "HnswIndexer");
    dir = Workspace.dir(context, args);
    release();
    closed = false;
    if (dir == null) {
      store = HnswStore.open(null, metric, m, efConstruction);
    } else {
      Metric wanted = metric;
      lease = SharedStores.acquire("hnsw", dir, HnswStore.class,
          () -> HnswStore.open(dir.resolve("hnsw"), wanted, m, efConstruction));
      store = lease.store();
      if (store.metric != metric) {
        release();
        throw args.bad("metric", "the metric of the replica holding " + dir + " (" + store.metric.id() + ")", metric.id());
      }
    }
    try {
      if (!dumps.isEmpty()) {
        store.load(dumps, VectorFile.fingerprint(dumps), keepDocuments);
      }
    } catch (IOException | RuntimeException e) {
      release();
      throw e;
    }
  }

  private static int bounded(Args args, String key, int fallback, int min, int max) {
    int v = args.integer(key, fallback, min);
    if (v > max) {
      throw args.bad(key, "an integer from " + min + " to " + max, args.with().get(key));
    }
    return v;
  }

  @Override
  public void handle(Request request) throws IOException {
    switch (request.type()) {
      case INDEX:
        written();
        store().put(entries(request), false, true);
        break;
      case UPDATE:
        written();
        store().put(entries(request), true, true);
        break;
      case DELETE:
        List<String> ids = new ArrayList<>(request.ids());
        request.docs().forEach(d -> ids.add(d.id()));
        written();
        store().delete(ids);
        break;
      case SEARCH:
        int k = request.topK(defaultTopK);
        for (Document q : traversal.select(request.docs())) {
          search(q, k);
        }
        break;
      default:
        break;
    }
  }

  /** Notes a write a fresh instance of a memory-only index would not find (marked first: a failed write may be partial). */
  private void written() {
    unsaved = dir == null;
  }

  private List<HnswStore.Entry> entries(Request request) {
    List<HnswStore.Entry> entries = new ArrayList<>();
    for (Document d : traversal.select(request.docs())) {
      if (d.embedding() != null) {
        byte[] record = null;
        if (keepDocuments) {
          Document kept = d.copy().embedding(null).score(null);
          kept.matches().clear();
          record = DocumentRecord.encode(kept);
        }
        entries.add(new HnswStore.Entry(d.id(), read(d.embedding()), record));
      }
    }
    return entries;
  }

  private void search(Document q, int k) throws IOException {
    if (q.embedding() == null || k <= 0) {
      return;
    }
    String op = metric.id();
    for (HnswStore.Hit hit : store().search(read(q.embedding()), k, efSearch, q.id(), keepDocuments)) {
      Document m = hit.record != null
          ? DocumentRecord.decode(hit.record, store().where + " (document '" + hit.id + "')")
          : Document.withId(hit.id);
      q.matches().add(m.adjacency(q.adjacency() + 1).score(new NamedScore(hit.score, op, "", List.of(), q.id())));
    }
  }

  /** An embedding as a float array of exactly its size (Lucene keeps what it is given). */
  private float[] read(NdArray e) {
    int n = e.size();
    if (e.dtype() == DType.FLOAT32) {
      float[] v = new float[n];
      e.asFloatBuffer().get(v, 0, n);
      return v;
    }
    return e.toFloatArray();
  }

  private HnswStore store() throws IOException {
    if (closed) {
      throw new IllegalStateException("HnswIndexer is closed");
    }
    if (store == null) {
      store = HnswStore.open(null, metric, m, efConstruction);
    }
    return store;
  }

  /**
   * Adds or replaces the vector stored under {@code id} (copied), with no document to return; visible
   * to queries and durable after the next {@link #commit} (or write request).
   *
   * @throws IllegalArgumentException when its length is not the index's dimension
   */
  public void add(String id, float[] vector) throws IOException {
    written();
    store().put(List.of(new HnswStore.Entry(id, vector.clone(), null)), false, false);
  }

  /** Commits what {@link #add} buffered: forced to disk (with a workspace) and visible to queries. */
  public void commit() throws IOException {
    store().commit();
  }

  /** Removes {@code id} and commits; returns false when it was not stored. */
  public boolean remove(String id) throws IOException {
    int before = size();
    written();
    store().delete(List.of(id));
    return size() < before;
  }

  /**
   * The {@code k} stored vectors closest to {@code vector} by the index's metric, closest first, found
   * among {@code max(k, ef_search)} candidates.
   *
   * @throws IllegalArgumentException when its length is not the index's dimension
   */
  public VectorIndexer.Hits query(float[] vector, int k) throws IOException {
    List<HnswStore.Hit> hits = store().search(vector, k, efSearch, "(vector)", false);
    String[] ids = new String[hits.size()];
    float[] scores = new float[hits.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = hits.get(i).id;
      scores[i] = hits.get(i).score;
    }
    return new VectorIndexer.Hits(ids, scores);
  }

  /** Number of committed vectors. */
  public int size() throws IOException {
    return store().size();
  }

  /** The vectors' dimension, or -1 while the index is empty. */
  public int dim() throws IOException {
    return store().dim();
  }

  /** How vectors are compared. */
  public Metric metric() {
    return metric;
  }

  /**
   * Writes the index to {@code path} as {@code shards} files {@code vectors-0.bin} ..., in
   * {@link VectorIndexer}'s format and parts (a stable hash of the id), streamed from one point-in-time
   * view of the index.
   */
  @Override
  public void dump(String path, int shards) throws IOException {
    if (path == null || path.isBlank() || shards < 1) {
      throw new IllegalArgumentException("HnswIndexer.dump needs a path and at least 1 shard, got '" + path
          + "' and " + shards);
    }
    List<Path> files = new ArrayList<>();
    for (int j = 0; j < shards; j++) {
      files.add(Workspace.partFile(Paths.get(path), "vectors", j, ".bin"));
    }
    store().dump(files);
  }

  /** A RELOAD may give the index a dump to load ({@code load_path}). */
  @Override
  public Set<String> reloadableArgs() {
    return Set.of("load_path");
  }

  /**
   * Refuses a RELOAD without a {@code load_path} once an index kept in memory only was written to since
   * it opened (a fresh instance would lose those writes); one never written to reopens the same (empty,
   * or from its {@code load_path}). With a workspace a fresh instance joins the shared index and sees
   * every answered write.
   */
  @Override
  public void checkReload(JsonMap changes) {
    if (dir == null && unsaved && !closed && !changes.containsKey("load_path")) {
      String fresh = loadPath == null ? "would start empty"
          : "would start again from its load_path " + loadPath + ", without the writes made since";
      throw new IllegalStateException("it keeps its vectors in memory only, so a fresh instance " + fresh + ". Reload "
          + "it with a load_path (a DUMP of this pod), or give the pod a workspace");
    }
  }

  private void release() throws IOException {
    HnswStore s = store;
    SharedStores.Lease<HnswStore> l = lease;
    store = null;
    lease = null;
    if (l != null) {
      l.close();
    } else if (s != null) {
      s.close();
    }
  }

  /** Lets go of the index (the last replica holding a workspace's index closes it); closing again does nothing. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      release();
    }
  }
}
