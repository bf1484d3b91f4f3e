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
 *   <li>{@code workspace}: a directory to persist to; none by default (memory only). The index lives
 *       in {@code <workspace>/<name>/}: a snapshot {@code vectors.bin} and a write-ahead log
 *       {@code vectors.log}; shard {@code s > 0} uses {@code <workspace>/<name>-<s>}. Each write request
 *       that changed something appends its changes to the log before it is answered, so a process
 *       killed at any moment loses no acknowledged vector; open reads the snapshot and replays the log
 *       (a torn last append, never acknowledged, is cut off and reported). The snapshot is rewritten
 *       atomically on close, on dump, on a load and when the log outgrows {@code max(64 MiB, the
 *       snapshot)}, and the log then starts again (see {@code VectorLog}: a crash between the two is
 *       safe). The replicas of a shard in one JVM share the open index: writes one at a time, searches
 *       in parallel; the last to close saves it. Another process cannot share it: the open index holds
 *       a lock on {@code vectors.lock}, and a second process fails to open it; give it its own
 *       directory. Without a workspace each replica has an index of its own, and replicas diverge.
 *   <li>{@code fsync}: true (default) forces each log append to disk, surviving power loss; false
 *       writes it but leaves the forcing to the OS (still safe when only the process dies).
 *   <li>{@code name}: the directory name under the workspace; default the pod's name.
 *   <li>{@code load_path}: a dump to load on open instead of the workspace (for a rolling update):
 *       a {@code vectors.bin}-format file, or a directory written by {@link #dump}, from which shard
 *       {@code s} loads {@code vectors-<s>.bin} (and {@code shard-*}{@code /vectors-<s>.bin} of a
 *       sharded pod's dump). With a workspace the loaded index is saved there at once. A replica that
 *       joins a shared index not holding that dump yet (the first new replica of a rolling update)
 *       replaces the index of every replica of the shard with it, atomically for searches: from then
 *       on the old replicas still serving answer from the dump too. Later replicas with the same dump
 *       (same file names, sizes and checksums) just join, and so does a restart with the same dump:
 *       the workspace records what it loaded ({@code vectors.loaded}) and keeps the writes made since.
 *       None by default.
 * </ul>
 * A RELOAD may change {@code load_path} (where the Flow allows paths to be reloaded). With a workspace
 * any RELOAD is fine (the fresh instance opens before the old one closes and joins its index). Without
 * one, a RELOAD that would lose vectors is refused ({@link #checkReload}): once vectors were indexed
 * since it opened, it is reloaded only with a {@code load_path}.
 * The file format is that of {@code vectors.bin}: see the {@code VectorFile} source; in short a header
 * (magic {@code JFVI}, version, flags, dim, count), the ids, the float32 vectors, the kept documents,
 * and a CRC-32; little-endian. The log's records (each framed by its length and a CRC-32) are
 * described in the {@code VectorLog} source.
 *
 * <p>For benchmarks and direct use, {@link #add}, {@link #remove} and {@link #query} work without a
 * Flow. Storage is one float array for all vectors (and a unit-length copy for cosine) beside an id
 * array; a query allocates only its result. An instance is called serially (its buffers are its own, as
 * a Flow calls a replica); the index it opened may be shared with other replicas.
 */
public final class VectorIndexer implements Executor {
  private SharedVectors shared;
  private SharedStores.Lease<SharedVectors> lease; // with a workspace: the shard's store, shared with its replicas
  private Metric metric;
  private int defaultTopK = 10;
  private boolean keepDocuments = true;
  private boolean fsync = true;
  private Traversal traversal = Traversal.ROOTS;
  private Path dir;
  private volatile boolean unsaved; // memory only: changes a fresh instance would not find
  private final VectorStore.Scratch scratch = new VectorStore.Scratch();
  private float[] vector = new float[0];
  private int[] rows = new int[0];
  private float[] scores = new float[0];

  /** An empty cosine index, configured further by {@link #open}. */
  public VectorIndexer() {
    this(Metric.COSINE);
  }

  /** An empty index comparing by {@code metric} (a {@code metric} argument given to {@link #open} wins). */
  public VectorIndexer(Metric metric) {
    this.metric = metric;
    shared = SharedVectors.memory(metric);
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
    open(context, configure(context), null);
  }

  /**
   * Opens the index: {@code load_path} when given, else the workspace's snapshot and log, or
   * {@code rebuild} when given (it fills a fresh index, which is saved at once). With a workspace, a
   * replica that finds its shard's store open joins it (loading {@code load_path} into it when the store
   * does not hold that dump yet) and {@code rebuild} is not used.
   */
  void open(ExecutorContext context, Args args, SharedVectors.Source rebuild) throws IOException {
    open(context, args, rebuild, null);
  }

  /**
   * As {@link #open(ExecutorContext, Args, SharedVectors.Source)}, then {@code repair} changes the index
   * (through {@link SharedVectors#write}) before any other replica may use it, when this replica opens it.
   */
  void open(ExecutorContext context, Args args, SharedVectors.Source rebuild,
      java.util.function.Consumer<SharedVectors> repair) throws IOException {
    String loadPath = args.string("load_path", null);
    List<Path> dumps = loadPath == null ? List.of()
        : Workspace.loadFiles(Paths.get(loadPath), "vectors", context.shard(), ".bin", "VectorIndexer");
    SharedVectors.Source dump = dumps.isEmpty() ? null : into -> {
      for (Path file : dumps) {
        VectorFile.read(file, into);
      }
    };
    String print = dumps.isEmpty() ? null : VectorFile.fingerprint(dumps);
    unsaved = false; // a fresh instance with these arguments loads the same
    if (dir == null) {
      shared = SharedVectors.memory(metric);
      if (dump != null) {
        shared.replace(print, dump);
      }
      return;
    }
    Path d = dir;
    SharedVectors.Source first = dump != null ? dump : rebuild;
    boolean sync = fsync;
    Metric m = metric;
    lease = SharedStores.acquire("vectors", d, SharedVectors.class, () -> {
      SharedVectors opened = SharedVectors.open(d, m, sync, first, print);
      if (repair != null) {
        try {
          repair.accept(opened);
        } catch (RuntimeException e) {
          try {
            opened.close();
          } catch (IOException | RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        }
      }
      return opened;
    });
    try {
      shared = lease.store();
      if (shared.metric() != metric) {
        throw new IllegalArgumentException("VectorIndexer: the replicas of " + dir + " share one index, which compares by "
            + shared.metric().id() + ", not " + metric.id() + "; give every replica of a shard the same metric");
      }
      if (!lease.first() && dump != null) {
        shared.replace(print, dump);
      }
    } catch (IOException | RuntimeException e) {
      SharedStores.Lease<SharedVectors> l = lease;
      lease = null;
      shared = SharedVectors.memory(metric);
      try {
        l.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Whether the workspace holds a saved index (a snapshot or a log). */
  boolean hasFiles() {
    return dir != null && (Files.exists(dir.resolve(VectorFile.NAME)) || Files.exists(dir.resolve(VectorLog.NAME)));
  }

  /** Reads the arguments but loads nothing; returns them for the caller's own use. */
  Args configure(ExecutorContext context) {
    Args args = new Args("VectorIndexer", context.with());
    try {
      metric = Metric.of(args.string("metric", metric.id()));
    } catch (IllegalArgumentException e) {
      throw args.bad("metric", "cosine, euclidean or inner_product", args.with().get("metric"));
    }
    defaultTopK = args.integer("default_top_k", 10, 0);
    keepDocuments = args.bool("keep_documents", true);
    fsync = args.bool("fsync", true);
    traversal = Traversal.of(args);
    dir = Workspace.dir(context, args);
    shared = SharedVectors.memory(metric);
    return args;
  }

  @Override
  public void handle(Request request) {
    switch (request.type()) {
      case INDEX:
        shared.write(w -> {
          List<Document> docs = docs(request);
          check(w, docs, false);
          docs.forEach(d -> store(w, d, false));
        });
        break;
      case UPDATE:
        shared.write(w -> {
          List<Document> docs = docs(request);
          check(w, docs, true);
          docs.forEach(d -> store(w, d, true));
        });
        break;
      case DELETE:
        shared.write(w -> {
          request.ids().forEach(id -> removed(w.remove(id)));
          request.docs().forEach(d -> removed(w.remove(d.id())));
        });
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

  /** Adds the vector of a document that a {@link KeyValueIndexer} stored to {@code into} (rebuilding an index from it). */
  void fill(VectorStore into, Document doc) {
    if (doc.embedding() != null) {
      int n = read(doc.embedding());
      into.put(doc.id(), vector, 0, n, keepDocuments ? kept(doc) : null);
    }
  }

  /**
   * Refuses a request before any of it is applied when its vectors disagree in dimension with the index
   * or with each other, or one would not fit the log: a request changes the index whole or not at all.
   */
  private void check(SharedVectors.Writer w, List<Document> docs, boolean onlyExisting) {
    int dim = w.dim();
    String first = null;
    long bytes = 0;
    for (Document d : docs) {
      if (d.embedding() == null || (onlyExisting && !w.contains(d.id()))) {
        continue;
      }
      int n = d.embedding().size();
      if (dim < 0) {
        dim = n;
        first = d.id();
      } else if (n != dim) {
        throw new IllegalArgumentException("VectorIndexer: document '" + d.id() + "' has " + n + " dimensions, "
            + (first == null ? "the index holds " + dim + "-dimensional vectors"
                : "document '" + first + "' of the same request has " + dim)
            + "; nothing of this request was stored");
      }
      if (!keepDocuments && w.logged()) { // with kept documents the size is known once encoded, when the document is stored
        bytes += VectorLog.Records.checkSize(d.id(), n, null);
        if (bytes > VectorLog.MAX_FRAME) {
          throw new IllegalArgumentException("VectorIndexer: the request's vectors need more than the vectors log's "
              + VectorLog.MAX_FRAME + "-byte limit for a request (at document '" + d.id() + "'); send smaller requests");
        }
      }
    }
  }

  /** Stores {@code d}'s vector through {@code w} (repairing an index from a stored document). */
  void repair(SharedVectors.Writer w, Document d) {
    store(w, d, false);
  }

  private void store(SharedVectors.Writer w, Document d, boolean onlyExisting) {
    if (d.embedding() == null || (onlyExisting && !w.contains(d.id()))) {
      return;
    }
    int n = read(d.embedding());
    w.put(d.id(), vector, 0, n, keepDocuments ? kept(d) : null);
    unsaved = true;
  }

  private static Document kept(Document d) {
    Document kept = d.copy().embedding(null).score(null);
    kept.matches().clear();
    return kept;
  }

  private void removed(boolean removed) {
    if (removed) {
      unsaved = true;
    }
  }

  private void search(Document q, int k) {
    if (q.embedding() == null || k <= 0) {
      return;
    }
    int n = read(q.embedding());
    shared.read(store -> {
      if (store.size() == 0) {
        return null;
      }
      int want = Math.min(k, store.size());
      if (rows.length < want) {
        rows = new int[want];
        scores = new float[want];
      }
      int found = store.search(vector, n, k, q.id(), rows, scores, scratch);
      String op = store.metric.id();
      for (int i = 0; i < found; i++) { // rows are stable while the lock is held
        Document kept = keepDocuments ? store.document(rows[i]) : null;
        Document m = kept != null ? kept.copy() : Document.withId(store.id(rows[i]));
        q.matches().add(m.adjacency(q.adjacency() + 1).score(new NamedScore(scores[i], op, "", List.of(), q.id())));
      }
      return null;
    });
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
   * Adds or replaces the vector stored under {@code id} (copied), with no document to return; with a
   * workspace it is in the log when this returns.
   *
   * @throws IllegalArgumentException when its length is not the index's dimension
   */
  public void add(String id, float[] vector) {
    shared.write(w -> w.put(id, vector, 0, vector.length, null));
    unsaved = true;
  }

  /** Removes {@code id}; returns false when it was not stored. */
  public boolean remove(String id) {
    boolean[] removed = new boolean[1];
    shared.write(w -> removed[0] = w.remove(id));
    removed(removed[0]);
    return removed[0];
  }

  /**
   * The {@code k} stored vectors closest to {@code vector} by the index's metric, closest first.
   *
   * @throws IllegalArgumentException when its length is not the index's dimension
   */
  public Hits query(float[] vector, int k) {
    return shared.read(store -> {
      int want = Math.max(0, Math.min(k, store.size()));
      int[] r = new int[want];
      float[] s = new float[want];
      int found = store.search(vector, vector.length, k, "(vector)", r, s, scratch);
      String[] ids = new String[found];
      for (int i = 0; i < found; i++) {
        ids[i] = store.id(r[i]);
      }
      return new Hits(ids, s);
    });
  }

  /** Number of stored vectors. */
  public int size() {
    return shared.read(VectorStore::size);
  }

  /** The vectors' dimension, or -1 while the index is empty. */
  public int dim() {
    return shared.read(VectorStore::dim);
  }

  /** How vectors are compared. */
  public Metric metric() {
    return shared.metric();
  }

  /** Calls {@code action} with each stored id (holding off writers meanwhile). */
  void forEachId(java.util.function.Consumer<String> action) {
    shared.read(store -> {
      for (int r = 0; r < store.size(); r++) {
        action.accept(store.id(r));
      }
      return null;
    });
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
    shared.dump(Paths.get(path), shards);
    shared.save();
  }

  /** A RELOAD may give the index a dump to load ({@code load_path}). */
  @Override
  public Set<String> reloadableArgs() {
    return Set.of("load_path");
  }

  /**
   * Refuses a RELOAD without a {@code load_path} while the index keeps vectors in memory only, which a
   * fresh instance would not find. With a workspace any RELOAD is fine: the fresh instance joins the
   * shard's store, which holds every acknowledged write.
   */
  @Override
  public void checkReload(JsonMap changes) {
    if (dir == null && unsaved && !changes.containsKey("load_path")) {
      throw new IllegalStateException("it keeps its vectors in memory only, so a fresh instance would start empty. "
          + "Reload it with a load_path (a DUMP of this pod), or give the pod a workspace");
    }
  }

  /**
   * Lets go of the index; the last replica holding a persisted one saves its snapshot and closes it.
   * Closing again does nothing.
   */
  @Override
  public void close() throws IOException {
    SharedStores.Lease<SharedVectors> l = lease;
    lease = null;
    if (l != null) {
      l.close();
    } else {
      shared.close();
    }
  }
}
