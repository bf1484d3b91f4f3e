package dev.jflow.executors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene index behind {@link HnswIndexer}, shared by the replicas of a shard: one
 * {@link IndexWriter} whose writes are serialized by a lock and made durable by {@link #commit} (which
 * also refreshes the searcher), and a {@link SearcherManager} whose searchers serve queries in parallel.
 * A document is its id (an indexed term for replacing and deleting, and a doc value for reading), its
 * vector, and optionally its {@link DocumentRecord}.
 */
final class HnswStore implements AutoCloseable, SharedStores.Breakable {
  static final String ID = "id";
  static final String VECTOR = "vector";
  static final String DOC = "doc";
  /** Lucene99HnswVectorsFormat's limit. */
  static final int MAX_DIM = 1024;

  final Metric metric;
  final String where;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final ReentrantLock writes = new ReentrantLock();
  /** The meta key, in every Lucene commit since a load, of the fingerprint of the dump loaded last. */
  static final String LOADED = "jflow.loaded";
  /** Lucene's limit on an indexed term, so on an id, in UTF-8 bytes. */
  static final int MAX_ID_BYTES = IndexWriter.MAX_TERM_LENGTH;

  private static final Set<HnswStore> OPEN_STORES = new HashSet<>(); // guarded by itself

  private volatile int dim = -1; // of the committed view; published after a commit and refresh succeeded
  private int writerDim = -1; // of the writer, uncommitted adds included; guarded by writes
  private String loaded; // the fingerprint of the dump last loaded, as the last commit records it; guarded by writes
  private boolean closed; // guarded by writes
  private volatile boolean broken; // a load failed after it began writing; written under writes

  /** One vector to store: its id, its values (exactly the dimension long) and its document record or null. */
  static final class Entry {
    final String id;
    final float[] vector;
    final byte[] record;

    Entry(String id, float[] vector, byte[] record) {
      this.id = id;
      this.vector = vector;
      this.record = record;
    }
  }

  /** One hit: id, Lucene's score converted to the metric's value, and the kept record or null. */
  static final class Hit {
    final String id;
    final float score;
    final byte[] record;

    Hit(String id, float score, byte[] record) {
      this.id = id;
      this.score = score;
      this.record = record;
    }
  }

  private HnswStore(Metric metric, String where, Directory directory, IndexWriter writer) throws IOException {
    this.metric = metric;
    this.where = where;
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    for (Map.Entry<String, String> e : writer.getLiveCommitData()) { // the last commit's, on open
      if (LOADED.equals(e.getKey())) {
        loaded = e.getValue();
      }
    }
    synchronized (OPEN_STORES) {
      OPEN_STORES.add(this);
      rebalance();
    }
  }

  /**
   * Opens the index in {@code dir} (created when missing), or an in-memory one when {@code dir} is null.
   *
   * @throws IllegalArgumentException when the directory holds vectors compared by another metric
   */
  static HnswStore open(Path dir, Metric metric, int m, int efConstruction) throws IOException {
    Directory directory = dir == null ? new ByteBuffersDirectory() : FSDirectory.open(dir);
    String where = dir == null ? "the in-memory HNSW index" : dir.toString();
    IndexWriter writer = null;
    HnswStore store = null;
    try {
      writer = new IndexWriter(directory, config(m, efConstruction));
      store = new HnswStore(metric, where, directory, writer);
      store.checkExisting();
      return store;
    } catch (IOException | RuntimeException e) {
      try {
        if (store != null) {
          store.close();
        } else if (writer != null) {
          writer.close();
        }
        directory.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof org.apache.lucene.store.LockObtainFailedException) {
        throw new IllegalStateException(where + " is in use by another process; replicas share an index only inside one "
            + "JVM: give the other process its own workspace or name", e);
      }
      throw e;
    }
  }

  private static IndexWriterConfig config(int m, int efConstruction) {
    KnnVectorsFormat format = new Lucene99HnswVectorsFormat(m, efConstruction);
    // Segments record the codec's name (Lucene912) and the field's format name, so readers need no custom codec.
    return new IndexWriterConfig()
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setRAMBufferSizeMB(16) // until rebalance() divides the budget among the open stores
        .setCodec(new Lucene912Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return format;
          }
        });
  }

  /**
   * How much a bulk of direct adds (or a load) may buffer before Lucene writes a segment, in each of
   * {@code stores} open stores: a quarter of the heap divided among them, 16 to 256 MB each. Each
   * segment has a graph of its own that every query searches (and merges build graphs again), so a bulk
   * load of 100,000 × 384-d vectors should make one segment, not a dozen. Requests commit, so they
   * buffer only their own documents.
   */
  static double ramBufferMb(int stores) {
    return Math.max(16, Math.min(256, Runtime.getRuntime().maxMemory() / 4 / (1 << 20) / Math.max(1, stores)));
  }

  /** How many stores are open in this JVM. */
  static int openStores() {
    synchronized (OPEN_STORES) {
      return OPEN_STORES.size();
    }
  }

  /** This store's writer's buffer now, in MB. */
  double ramBufferMb() {
    return writer.getConfig().getRAMBufferSizeMB();
  }

  /** Gives every open store its share of the buffer budget (a live setting of Lucene's writer). */
  private static void rebalance() {
    double mb = ramBufferMb(OPEN_STORES.size());
    for (HnswStore s : OPEN_STORES) {
      s.writer.getConfig().setRAMBufferSizeMB(mb);
    }
  }

  /** Learns the dimension of a non-empty index, refuses one built with another metric, and resets an empty one. */
  private void checkExisting() throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      for (LeafReaderContext c : s.getIndexReader().leaves()) {
        FieldInfo info = c.reader().getFieldInfos().fieldInfo(VECTOR);
        if (info != null && info.getVectorSimilarityFunction() != similarity(metric)) {
          throw new IllegalArgumentException("HnswIndexer: 'metric' is " + metric.id() + " but " + where + " holds vectors "
              + "indexed with " + info.getVectorSimilarityFunction() + " (" + metricOf(info.getVectorSimilarityFunction())
              + "); use that metric, or another workspace or name");
        }
        if (info != null && c.reader().numDocs() > 0) {
          dim = info.getVectorDimension();
          writerDim = dim;
        }
      }
      if (s.getIndexReader().numDocs() == 0 && s.getIndexReader().maxDoc() > 0) {
        emptied();
      }
    } finally {
      searchers.release(s);
    }
  }

  static VectorSimilarityFunction similarity(Metric metric) {
    switch (metric) {
      case EUCLIDEAN: return VectorSimilarityFunction.EUCLIDEAN;
      case INNER_PRODUCT: return VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
      default: return VectorSimilarityFunction.COSINE;
    }
  }

  private static String metricOf(VectorSimilarityFunction f) {
    switch (f) {
      case EUCLIDEAN: return "metric euclidean";
      case MAXIMUM_INNER_PRODUCT: return "metric inner_product";
      case COSINE: return "metric cosine";
      default: return "not a metric of HnswIndexer";
    }
  }

  /** Lucene's normalized score back to the metric's value: cosine similarity, euclidean distance, inner product. */
  float value(float score) {
    switch (metric) {
      case EUCLIDEAN: // 1 / (1 + d^2)
        return (float) Math.sqrt(Math.max(0.0, 1.0 / score - 1.0));
      case INNER_PRODUCT: // ip < 0 ? 1 / (1 - ip) : ip + 1
        return score < 1f ? (float) (1.0 - 1.0 / score) : score - 1f;
      default: // (1 + cos) / 2
        return 2f * score - 1f;
    }
  }

  /** The vectors' dimension, or -1 while the index is empty. */
  int dim() {
    return dim;
  }

  /** Number of committed documents. */
  int size() throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      return s.getIndexReader().numDocs();
    } finally {
      searchers.release(s);
    }
  }

  /**
   * Adds or replaces {@code entries} (only those whose id is stored when {@code onlyExisting}); with
   * {@code commit}, commits and refreshes before returning. Every entry is checked before any is written.
   *
   * @throws IllegalArgumentException naming the id and both dimensions when a vector does not fit
   */
  void put(List<Entry> entries, boolean onlyExisting, boolean commit) throws IOException {
    if (entries.isEmpty() && !commit) {
      return;
    }
    writes.lock();
    try {
      open();
      List<Entry> writing = onlyExisting ? existing(entries) : entries;
      int d = writerDim;
      for (Entry e : writing) {
        checkId(e.id);
        d = check(e.id, e.vector.length, d);
        checkVector(e.id, e.vector);
      }
      for (Entry e : writing) {
        writer.updateDocument(new Term(ID, e.id), fields(e));
      }
      writerDim = writing.isEmpty() ? writerDim : d;
      if (commit) {
        commitLocked();
      }
    } finally {
      writes.unlock();
    }
  }

  /** The entries whose id is stored. */
  private List<Entry> existing(List<Entry> entries) throws IOException {
    if (writer.hasUncommittedChanges()) { // direct adds not yet committed
      commitLocked();
    }
    List<Entry> found = new ArrayList<>();
    IndexSearcher s = searchers.acquire();
    try {
      for (Entry e : entries) {
        if (s.count(new TermQuery(new Term(ID, e.id))) > 0) {
          found.add(e);
        }
      }
    } finally {
      searchers.release(s);
    }
    return found;
  }

  /** Refuses an id longer than Lucene's term limit, which would fail the writer midway through a request. */
  static void checkId(String id) {
    if ((long) id.length() * 3 > MAX_ID_BYTES) { // a char is at most 3 UTF-8 bytes: only long ids are measured
      int bytes = id.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_ID_BYTES) {
        throw new IllegalArgumentException("a document id of " + bytes + " UTF-8 bytes (starting '" + id.substring(0, 40)
            + "...') is longer than HnswIndexer's limit of " + MAX_ID_BYTES + " bytes (Lucene's); shorten the ids");
      }
    }
  }

  /** Checks a vector's length against the index's dimension {@code d}; returns the dimension after adding it. */
  int check(String id, int length, int d) {
    if (d >= 0 && length != d) {
      throw new IllegalArgumentException("document '" + id + "' has an embedding of " + length
          + " dimensions, the index holds " + d + "-dimensional vectors");
    }
    if (length < 1 || length > MAX_DIM) {
      throw new IllegalArgumentException("document '" + id + "' has an embedding of " + length + " dimensions; HnswIndexer "
          + "holds 1 to " + MAX_DIM + " (Lucene's limit): use VectorIndexer for longer vectors");
    }
    return length;
  }

  private void checkVector(String id, float[] v) {
    double norm = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("document '" + id + "' has an embedding with a value of " + x
            + "; HnswIndexer indexes finite values only");
      }
      norm += (double) x * x;
    }
    if (norm == 0 && metric == Metric.COSINE) {
      throw new IllegalArgumentException("document '" + id + "' has an all-zero embedding, which has no cosine similarity "
          + "to anything; drop it, or use metric euclidean or inner_product");
    }
  }

  private List<IndexableField> fields(Entry e) {
    List<IndexableField> fields = new ArrayList<>(4);
    fields.add(new StringField(ID, e.id, Field.Store.NO));
    fields.add(new BinaryDocValuesField(ID, new BytesRef(e.id)));
    fields.add(new KnnFloatVectorField(VECTOR, e.vector, similarity(metric)));
    if (e.record != null) {
      fields.add(new StoredField(DOC, e.record));
    }
    return fields;
  }

  /** Deletes {@code ids}, commits and refreshes; an index left empty forgets its dimension. */
  void delete(Collection<String> ids) throws IOException {
    writes.lock();
    try {
      open();
      for (String id : ids) {
        writer.deleteDocuments(new Term(ID, id));
      }
      commitLocked();
      if (size() == 0 && writerDim >= 0) {
        emptied();
      }
    } finally {
      writes.unlock();
    }
  }

  /** Drops everything, field infos included, so that the next vector may have another dimension. */
  private void emptied() throws IOException {
    writer.deleteAll();
    writerDim = -1;
    commitLocked();
  }

  /** Makes every write so far durable (fsync) and visible to searches. */
  void commit() throws IOException {
    writes.lock();
    try {
      open();
      commitLocked();
    } finally {
      writes.unlock();
    }
  }

  /** Commits and refreshes, then publishes the writer's dimension, which searches and dumps now see. */
  private void commitLocked() throws IOException {
    writer.commit();
    searchers.maybeRefreshBlocking();
    dim = writerDim;
  }

  /** Whether a load rolled back or the writer failed for good (a "tragic" error): only a fresh store writes again. */
  @Override
  public boolean broken() {
    return broken || writer.getTragicException() != null;
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException(where + " is closed");
    }
    Throwable tragedy = writer.getTragicException();
    if (broken || tragedy != null) {
      throw new IllegalStateException(where + (broken ? " failed while loading a dump" : " failed while writing (" + tragedy
          + ")") + "; reload or restart the pod, whose next replica opens it afresh from its last commit");
    }
  }

  /**
   * Replaces the contents with the dump {@code files} unless the dump with {@code fingerprint} is what
   * this store loaded last (a later replica of a rolling update joins); true when it loaded. Every file
   * is read and checked before the index is touched.
   */
  boolean load(List<Path> files, String fingerprint, boolean keepDocuments) throws IOException {
    writes.lock();
    try {
      open();
      if (fingerprint.equals(loaded)) {
        return false;
      }
      VectorStore first = null;
      int d = -1;
      for (Path file : files) { // holds the first file and one other at a time
        VectorStore part = new VectorStore(Metric.INNER_PRODUCT); // no unit-length copy
        VectorFile.read(file, part);
        d = checkDump(file, part, d);
        if (first == null) {
          first = part;
        }
      }
      try {
        writer.deleteAll(); // searches go on in the committed view until the commit below
        for (int i = 0; i < files.size(); i++) {
          VectorStore part = i == 0 ? first : new VectorStore(Metric.INNER_PRODUCT);
          if (i > 0) {
            VectorFile.read(files.get(i), part);
          }
          float[] row = new float[Math.max(0, part.dim())];
          for (int r = 0; r < part.size(); r++) {
            part.copyVector(r, row, 0);
            byte[] record = keepDocuments && part.document(r) != null ? DocumentRecord.encode(part.document(r)) : null;
            writer.updateDocument(new Term(ID, part.id(r)), fields(new Entry(part.id(r), row.clone(), record)));
          }
        }
        writerDim = d;
        writer.setLiveCommitData(Map.of(LOADED, fingerprint).entrySet()); // lands with the data; later commits carry it
        commitLocked();
      } catch (IOException | RuntimeException e) { // checked above, so the disk failed: never commit half a load
        broken = true;
        try {
          writer.rollback();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw new IllegalStateException(where + " failed while loading a dump, and was closed with its last commit "
            + "intact: " + e.getMessage() + "; restart the pod", e);
      }
      loaded = fingerprint;
      return true;
    } finally {
      writes.unlock();
    }
  }

  private int checkDump(Path file, VectorStore part, int d) {
    float[] row = new float[Math.max(0, part.dim())];
    for (int r = 0; r < part.size(); r++) {
      try {
        checkId(part.id(r));
        d = check(part.id(r), part.dim(), d);
        part.copyVector(r, row, 0);
        checkVector(part.id(r), row);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("HnswIndexer cannot load " + file + ": " + e.getMessage(), e);
      }
    }
    return d;
  }

  /**
   * The {@code k} nearest documents to {@code q}, closest first, found among {@code max(k, ef)} candidates.
   *
   * @throws IllegalArgumentException when {@code q}'s length is not the index's dimension
   */
  List<Hit> search(float[] q, int k, int ef, String queryId, boolean withRecords) throws IOException {
    if (k <= 0) {
      return List.of();
    }
    IndexSearcher s = searchers.acquire();
    try {
      int n = s.getIndexReader().numDocs();
      int d = dimOf(s.getIndexReader()); // of this view: a load of another dimension may be committing meanwhile
      if (n == 0 || d < 0) {
        return List.of();
      }
      if (q.length != d) {
        throw new IllegalArgumentException("query '" + queryId + "' has " + q.length + " dimensions, the index has " + d);
      }
      checkQuery(q, queryId);
      int wanted = Math.min(k, n); // never more than the index holds, whatever top_k the client asked for
      ScoreDoc[] top = s.search(new KnnFloatVectorQuery(VECTOR, q, Math.min(Math.max(wanted, ef), n)), wanted).scoreDocs;
      List<LeafReaderContext> leaves = s.getIndexReader().leaves();
      List<Hit> hits = new ArrayList<>(top.length);
      for (ScoreDoc sd : top) {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
        BinaryDocValues ids = leaf.reader().getBinaryDocValues(ID);
        ids.advanceExact(sd.doc - leaf.docBase);
        byte[] record = null;
        if (withRecords) {
          BytesRef b = s.storedFields().document(sd.doc, Set.of(DOC)).getBinaryValue(DOC);
          record = b == null ? null : BytesRef.deepCopyOf(b).bytes;
        }
        hits.add(new Hit(ids.binaryValue().utf8ToString(), value(sd.score), record));
      }
      return hits;
    } finally {
      searchers.release(s);
    }
  }

  /** The vectors' dimension in the view {@code reader}, or -1 when it holds none. */
  static int dimOf(IndexReader reader) {
    for (LeafReaderContext c : reader.leaves()) {
      FieldInfo info = c.reader().getFieldInfos().fieldInfo(VECTOR);
      if (info != null && c.reader().numDocs() > 0) {
        return info.getVectorDimension();
      }
    }
    return -1;
  }

  private void checkQuery(float[] q, String queryId) {
    double norm = 0;
    for (float x : q) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("query '" + queryId + "' has an embedding with a value of " + x
            + "; HnswIndexer searches with finite values only");
      }
      norm += (double) x * x;
    }
    if (norm == 0 && metric == Metric.COSINE) {
      throw new IllegalArgumentException("query '" + queryId + "' has an all-zero embedding, which has no cosine similarity "
          + "to anything; drop it, or use metric euclidean or inner_product");
    }
  }

  /** Writes dump parts {@code 0..parts-1} to {@code files} from one point-in-time view, streaming from the index. */
  void dump(List<Path> files) throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      HnswRows rows = new HnswRows(s.getIndexReader(), dimOf(s.getIndexReader()));
      for (int j = 0; j < files.size(); j++) {
        VectorFile.write(files.get(j), rows, j, files.size());
      }
    } finally {
      searchers.release(s);
    }
  }

  /** Commits what is pending and closes the writer and the directory; closing again does nothing. */
  @Override
  public void close() throws IOException {
    writes.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      synchronized (OPEN_STORES) {
        OPEN_STORES.remove(this);
        rebalance();
      }
      try {
        searchers.close();
      } finally {
        try {
          writer.close(); // commits what direct adds left pending
        } finally {
          directory.close();
        }
      }
    } finally {
      writes.unlock();
    }
  }
}
