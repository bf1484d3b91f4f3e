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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An exact vector index: every query is compared with every stored vector. Requests:
 * <ul>
 *   <li>INDEX stores the embedding of each document that has one (replacing a stored one with the
 *       same id); documents without an embedding are skipped.
 *   <li>UPDATE replaces the embedding of documents already stored; unknown ids are skipped, so an
 *       update sent to every shard changes only the shard that holds the id.
 *   <li>DELETE removes the request's ids (and the ids of its documents).
 *   <li>SEARCH appends to each query's matches its {@code top_k} nearest stored documents (the
 *       request's {@code top_k}, else {@code default_top_k}), closest first. A match carries the id,
 *       adjacency one more than the query's, and a score whose op name is the metric, whose ref id is
 *       the query's id, and whose value is the cosine similarity, the euclidean distance (lower is
 *       closer: reduce shards with {@code _merge_matches_topk} and {@code sort_ascending: true}) or
 *       the inner product. Queries without an embedding get no matches.
 * </ul>
 * Embeddings of any numeric dtype are converted to float32 (float16 is refused); their shape is
 * flattened. The first vector fixes the dimension until the index is empty again; a vector or query of
 * another dimension fails with an {@link IllegalArgumentException} naming its id and both dimensions.
 *
 * <p>Arguments ({@code with}):
 * <ul>
 *   <li>{@code metric}: {@code cosine} (default), {@code euclidean} or {@code inner_product}.
 *   <li>{@code default_top_k}: matches per query when the request sets no {@code top_k}; default 10.
 *   <li>{@code keep_documents}: true (default) keeps a copy of each indexed document without its
 *       embedding and matches, and returns it as the match (so matches carry text, tags, ...); false
 *       keeps only vectors, and matches carry just id and score (fill them with {@link KeyValueIndexer},
 *       or use {@link CompoundIndexer}).
 *   <li>{@code traversal_paths}: which documents to index and search: {@code [r]} (default) the
 *       request's documents, {@code [c]} their chunks, {@code [r, c]} both.
 *   <li>{@code workspace}: a directory to persist to; none by default (memory only). The index is
 *       loaded from {@code <workspace>/<name>/vectors.bin} on open and saved there, atomically, on
 *       close and on dump; shard {@code s > 0} uses {@code <workspace>/<name>-<s>}. Changes since the
 *       last save are lost if the process dies (use {@link CompoundIndexer} to survive that).
 *       Replicas of a shard share the directory; the last to close writes the file.
 *   <li>{@code name}: the directory name under the workspace; default the pod's name.
 *   <li>{@code load_path}: a dump to load on open instead of the workspace (for a rolling update):
 *       a {@code vectors.bin}-format file, or a directory written by {@link #dump}, from which shard
 *       {@code s} loads {@code vectors-<s>.bin} (and {@code shard-*}{@code /vectors-<s>.bin} of a
 *       sharded pod's dump). None by default.
 * </ul>
 * A RELOAD may change {@code load_path} (where the Flow allows paths to be reloaded). A RELOAD that
 * would lose vectors is refused ({@link #checkReload}): while the index holds changes only this instance
 * has (kept in memory only, or not yet saved to the workspace), it is reloaded only with a
 * {@code load_path}; DUMP the pod first to save the workspace.
 * The file format is that of {@code vectors.bin}: see the {@code VectorFile} source; in short a header
 * (magic {@code JFVI}, version, flags, dim, count), the ids, the float32 vectors, the kept documents,
 * and a CRC-32; little-endian.
 *
 * <p>For benchmarks and direct use, {@link #add}, {@link #remove} and {@link #query} work without a
 * Flow. Storage is one float array for all vectors (and a unit-length copy for cosine) beside an id
 * array; a query allocates only its result. Not thread-safe: a Flow calls a replica serially.
 */
public final class VectorIndexer implements Executor {
  private VectorStore store;
  private int defaultTopK = 10;
  private boolean keepDocuments = true;
  private Traversal traversal = Traversal.ROOTS;
  private Path dir;
  private boolean dirty;
  private volatile boolean unsaved; // changes a fresh instance opened with the same arguments would not find
  private float[] vector = new float[0];
  private int[] rows = new int[0];
  private float[] scores = new float[0];

  /** An empty cosine index, configured further by {@link #open}. */
  public VectorIndexer() {
    this(Metric.COSINE);
  }

  /** An empty index comparing by {@code metric} (a {@code metric} argument given to {@link #open} wins). */
  public VectorIndexer(Metric metric) {
    store = new VectorStore(metric);
  }

  /** The ids and scores of one query's nearest vectors, closest first. */
  public static final class Hits {
    private final String[] ids;
    private final float[] scores;

    Hits(String[] ids, float[] scores) {
      this.ids = ids;
      this.scores = scores;
    }

    /** Number of hits: {@code min(k, size of the index)}. */
    public int size() {
      return ids.length;
    }

    /** The id of hit {@code i}, from 0 (the closest). */
    public String id(int i) {
      return ids[i];
    }

    /** The score of hit {@code i}: cosine similarity, euclidean distance or inner product. */
    public float score(int i) {
      return scores[i];
    }
  }

  @Override
  public void open(ExecutorContext context) throws IOException {
    load(context, configure(context));
  }

  /** Loads {@code load_path}, else the workspace's snapshot when there is one. */
  void load(ExecutorContext context, Args args) throws IOException {
    String loadPath = args.string("load_path", null);
    VectorStore next = new VectorStore(store.metric);
    if (loadPath != null) {
      for (Path file : Workspace.loadFiles(Paths.get(loadPath), "vectors", context.shard(), ".bin", "VectorIndexer")) {
        VectorFile.read(file, next);
      }
      dirty = true;
    } else if (hasSnapshot()) {
      VectorFile.read(dir.resolve(VectorFile.NAME), next);
    }
    store = next;
    unsaved = false; // a fresh instance with these arguments loads the same
  }

  /** Whether the workspace holds a saved index. */
  boolean hasSnapshot() {
    return dir != null && Files.exists(dir.resolve(VectorFile.NAME));
  }

  /** Reads the arguments but loads nothing; returns them for the caller's own use. */
  Args configure(ExecutorContext context) {
    Args args = new Args("VectorIndexer", context.with());
    Metric metric;
    try {
      metric = Metric.of(args.string("metric", store.metric.id()));
    } catch (IllegalArgumentException e) {
      throw args.bad("metric", "cosine, euclidean or inner_product", args.with().get("metric"));
    }
    defaultTopK = args.integer("default_top_k", 10, 0);
    keepDocuments = args.bool("keep_documents", true);
    traversal = Traversal.of(args);
    dir = Workspace.dir(context, args);
    store = new VectorStore(metric);
    return args;
  }

  @Override
  public void handle(Request request) {
    switch (request.type()) {
      case INDEX:
        docs(request).forEach(d -> store(d, false));
        break;
      case UPDATE:
        docs(request).forEach(d -> store(d, true));
        break;
      case DELETE:
        request.ids().forEach(this::remove);
        request.docs().forEach(d -> remove(d.id()));
        break;
      case SEARCH:
        int k = request.topK(defaultTopK);
        docs(request).forEach(q -> search(q, k));
        break;
      default:
        break;
    }
  }

  private List<Document> docs(Request request) {
    return traversal.select(request.docs());
  }

  /** Adds the vector of a document that a {@link KeyValueIndexer} stored (rebuilding an index from it). */
  void indexStored(Document doc) {
    store(doc, false);
  }

  private void store(Document d, boolean onlyExisting) {
    if (d.embedding() == null || (onlyExisting && !store.contains(d.id()))) {
      return;
    }
    int n = read(d.embedding());
    Document kept = null;
    if (keepDocuments) {
      kept = d.copy().embedding(null).score(null);
      kept.matches().clear();
    }
    store.put(d.id(), vector, 0, n, kept);
    changed();
  }

  private void changed() {
    dirty = true;
    if (!unsaved) {
      unsaved = true;
    }
  }

  private void search(Document q, int k) {
    if (q.embedding() == null || k <= 0 || store.size() == 0) {
      return;
    }
    int n = read(q.embedding());
    int want = Math.min(k, store.size());
    if (rows.length < want) {
      rows = new int[want];
      scores = new float[want];
    }
    int found = store.search(vector, n, k, q.id(), rows, scores);
    String op = store.metric.id();
    for (int i = 0; i < found; i++) {
      Document kept = keepDocuments ? store.document(rows[i]) : null;
      Document m = kept != null ? kept.copy() : Document.withId(store.id(rows[i]));
      q.matches().add(m.adjacency(q.adjacency() + 1).score(new NamedScore(scores[i], op, "", List.of(), q.id())));
    }
  }

  /** Reads an embedding into the reused {@code vector} buffer; returns its length. */
  private int read(NdArray e) {
    int n = e.size();
    if (vector.length < n) {
      vector = new float[n];
    }
    if (e.dtype() == DType.FLOAT32) {
      e.asFloatBuffer().get(vector, 0, n);
    } else {
      System.arraycopy(e.toFloatArray(), 0, vector, 0, n);
    }
    return n;
  }

  /**
   * Adds or replaces the vector stored under {@code id} (copied), with no document to return.
   *
   * @throws IllegalArgumentException when its length is not the index's dimension
   */
  public void add(String id, float[] vector) {
    store.put(id, vector, 0, vector.length, null);
    changed();
  }

  /** Removes {@code id}; returns false when it was not stored. */
  public boolean remove(String id) {
    boolean removed = store.remove(id);
    if (removed) {
      changed();
    }
    return removed;
  }

  /**
   * The {@code k} stored vectors closest to {@code vector} by the index's metric, closest first.
   *
   * @throws IllegalArgumentException when its length is not the index's dimension
   */
  public Hits query(float[] vector, int k) {
    int want = Math.max(0, Math.min(k, store.size()));
    int[] r = new int[want];
    float[] s = new float[want];
    int found = store.search(vector, vector.length, k, "(vector)", r, s);
    String[] ids = new String[found];
    for (int i = 0; i < found; i++) {
      ids[i] = store.id(r[i]);
    }
    return new Hits(ids, s);
  }

  /** Number of stored vectors. */
  public int size() {
    return store.size();
  }

  /** The vectors' dimension, or -1 while the index is empty. */
  public int dim() {
    return store.dim();
  }

  /** How vectors are compared. */
  public Metric metric() {
    return store.metric;
  }

  /** Calls {@code action} with each stored id. */
  void forEachId(Consumer<String> action) {
    for (int r = 0; r < store.size(); r++) {
      action.accept(store.id(r));
    }
  }

  /**
   * Writes the index to {@code path} as {@code shards} files {@code vectors-0.bin} ...; a document's
   * part is a stable hash of its id, shared by every JFlow indexer, so parts of different indexers line
   * up. Also saves the workspace, when there is one.
   */
  @Override
  public void dump(String path, int shards) throws IOException {
    if (path == null || path.isBlank() || shards < 1) {
      throw new IllegalArgumentException("VectorIndexer.dump needs a path and at least 1 shard, got '" + path
          + "' and " + shards);
    }
    Path p = Paths.get(path);
    for (int j = 0; j < shards; j++) {
      VectorFile.write(Workspace.partFile(p, "vectors", j, ".bin"), store, j, shards);
    }
    save();
  }

  /** Saves to the workspace when there is one and something changed. */
  void save() throws IOException {
    if (dir != null && dirty) {
      VectorFile.write(dir.resolve(VectorFile.NAME), store, 0, 1);
      dirty = false;
      unsaved = false;
    }
  }

  /** A RELOAD may give the index a dump to load ({@code load_path}). */
  @Override
  public Set<String> reloadableArgs() {
    return Set.of("load_path");
  }

  /**
   * Refuses a RELOAD without a {@code load_path} while the index holds changes a fresh instance would
   * not find: kept in memory only, or not yet saved to the workspace (DUMP saves it).
   */
  @Override
  public void checkReload(JsonMap changes) {
    if (unsaved && !changes.containsKey("load_path")) {
      throw new IllegalStateException(dir == null
          ? "it keeps its vectors in memory only, so a fresh instance would start empty. Reload it with a load_path "
              + "(a DUMP of this pod), or give the pod a workspace"
          : "it holds vectors not yet saved to its workspace (it saves on close and on DUMP), so a fresh instance "
              + "would not find them. DUMP the pod first, or reload it with a load_path");
    }
  }

  /** Saves to the workspace (when set) and empties the index; closing again does nothing. */
  @Override
  public void close() throws IOException {
    save();
    store.clear();
  }
}
