package dev.jflow.executors;

import dev.jflow.api.Document;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The contiguous storage and exact search behind {@link VectorIndexer}. Row {@code r} of the index is
 * {@code raw[r*dim .. r*dim+dim)} with id {@code ids[r]} (and, for cosine, its unit-length copy at the
 * same place in {@code unit}); {@code rows} maps ids to rows. Removal moves the last row into the gap.
 * A query scans the rows with a bounded min-heap of primitive arrays held in the caller's {@link Scratch}:
 * nothing is allocated per row. Not thread-safe: {@code SharedVectors} guards it with a read-write lock
 * (searches share no state here, so they run in parallel under the read lock).
 */
final class VectorStore {
  /** The dot products and distances, nearly all of a search's time: SIMD when the JVM has the Vector API. */
  private static final VectorKernel KERNEL = VectorKernels.CHOSEN;
  final Metric metric;
  private int dim = -1;
  private int count;
  private float[] raw = new float[0];
  private float[] unit = new float[0];
  private String[] ids = new String[0];
  private Document[] docs = new Document[0];
  private final Map<String, Integer> rows = new HashMap<>();

  /** One searcher's reused buffers (the normalized query and the heap); one per thread at a time. */
  static final class Scratch {
    private float[] query = new float[0];
    private int[] heapRows = new int[0];
    private float[] heapKeys = new float[0];
  }

  VectorStore(Metric metric) {
    this.metric = metric;
  }

  int size() {
    return count;
  }

  /** The vectors' dimension, or -1 while the store is empty. */
  int dim() {
    return dim;
  }

  boolean contains(String id) {
    return rows.containsKey(id);
  }

  String id(int row) {
    return ids[row];
  }

  Document document(int row) {
    return docs[row];
  }

  /** Sets the content kept for {@code id}, if stored. */
  void document(String id, Document content) {
    Integer row = rows.get(id);
    if (row != null) {
      docs[row] = content;
    }
  }

  /** Copies row {@code row}'s vector (as given, not normalized) into {@code out} at {@code at}. */
  void copyVector(int row, float[] out, int at) {
    System.arraycopy(raw, row * dim, out, at, dim);
  }

  /**
   * Adds or replaces the vector of {@code id} (copied).
   *
   * @param content kept to return with matches, or null
   * @throws IllegalArgumentException naming the id and both dimensions when the vector does not fit
   */
  void put(String id, float[] vector, int from, int length, Document content) {
    if (dim >= 0 && length != dim) {
      throw new IllegalArgumentException("document '" + id + "' has an embedding of " + length
          + " dimensions, the index holds " + dim + "-dimensional vectors");
    }
    if (dim < 0) {
      dim = length;
    }
    Integer existing = rows.get(id);
    int row = existing != null ? existing : count;
    if (existing == null) {
      grow(count + 1);
      ids[row] = id;
      rows.put(id, row);
      count++;
    }
    int at = row * dim;
    System.arraycopy(vector, from, raw, at, dim);
    if (metric == Metric.COSINE) {
      System.arraycopy(vector, from, unit, at, dim);
      normalize(unit, at, dim);
    }
    docs[row] = content;
  }

  /** Removes {@code id}; false when it is not stored. */
  boolean remove(String id) {
    Integer r = rows.remove(id);
    if (r == null) {
      return false;
    }
    int row = r;
    int last = count - 1;
    if (row != last) {
      System.arraycopy(raw, last * dim, raw, row * dim, dim);
      if (metric == Metric.COSINE) {
        System.arraycopy(unit, last * dim, unit, row * dim, dim);
      }
      ids[row] = ids[last];
      docs[row] = docs[last];
      rows.put(ids[row], row);
    }
    ids[last] = null;
    docs[last] = null;
    count = last;
    if (count == 0) {
      dim = -1;
    }
    return true;
  }

  void clear() {
    rows.clear();
    Arrays.fill(ids, 0, count, null);
    Arrays.fill(docs, 0, count, null);
    count = 0;
    dim = -1;
  }

  /**
   * Finds the {@code k} rows closest to {@code q}, best first, into {@code outRows} and {@code outScores}
   * (each at least {@code min(k, size())} long): cosine similarity, euclidean distance or inner product.
   *
   * @return how many were found
   * @throws IllegalArgumentException when {@code q}'s length is not the index's dimension
   */
  int search(float[] q, int length, int k, String queryId, int[] outRows, float[] outScores, Scratch scratch) {
    int n = Math.min(k, count);
    if (n <= 0) {
      return 0;
    }
    if (length != dim) {
      throw new IllegalArgumentException("query '" + queryId + "' has " + length + " dimensions, the index has " + dim);
    }
    if (scratch.query.length < dim) {
      scratch.query = new float[dim];
    }
    float[] query = scratch.query;
    System.arraycopy(q, 0, query, 0, dim);
    float[] data = raw;
    if (metric == Metric.COSINE) {
      normalize(query, 0, dim);
      data = unit;
    }
    if (scratch.heapRows.length < n) {
      scratch.heapRows = new int[n];
      scratch.heapKeys = new float[n];
    }
    int[] hr = scratch.heapRows;
    float[] hk = scratch.heapKeys;
    boolean euclid = metric == Metric.EUCLIDEAN;
    for (int r = 0; r < n; r++) {
      hr[r] = r;
      hk[r] = key(query, data, r * dim, dim, euclid);
    }
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(hr, hk, i, n);
    }
    float worst = hk[0];
    for (int r = n, at = n * dim; r < count; r++, at += dim) {
      float s = key(query, data, at, dim, euclid);
      if (s > worst) {
        hr[0] = r;
        hk[0] = s;
        siftDown(hr, hk, 0, n);
        worst = hk[0];
      }
    }
    for (int size = n; size > 0; size--) {
      outRows[size - 1] = hr[0];
      float key = hk[0];
      outScores[size - 1] = euclid ? (float) Math.sqrt(Math.max(0f, -key)) : key;
      hr[0] = hr[size - 1];
      hk[0] = hk[size - 1];
      siftDown(hr, hk, 0, size - 1);
    }
    return n;
  }

  /** Higher is closer: the dot product, or the negated squared distance for euclidean. */
  private static float key(float[] q, float[] data, int at, int dim, boolean euclid) {
    return euclid ? -KERNEL.squaredDistance(q, data, at, dim) : KERNEL.dot(q, data, at, dim);
  }

  private static void siftDown(int[] rows, float[] keys, int i, int size) {
    int row = rows[i];
    float key = keys[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && keys[child + 1] < keys[child]) {
        child++;
      }
      if (keys[child] >= key) {
        break;
      }
      rows[i] = rows[child];
      keys[i] = keys[child];
      i = child;
    }
    rows[i] = row;
    keys[i] = key;
  }

  private static void normalize(float[] v, int at, int dim) {
    double n = 0;
    for (int i = at; i < at + dim; i++) {
      n += (double) v[i] * v[i];
    }
    if (n > 0) {
      float inv = (float) (1 / Math.sqrt(n));
      for (int i = at; i < at + dim; i++) {
        v[i] *= inv;
      }
    }
  }

  private void grow(int rowsNeeded) {
    if (ids.length >= rowsNeeded && raw.length >= (long) rowsNeeded * dim) {
      return;
    }
    int capacity = ids.length >= rowsNeeded ? ids.length : Math.max(Math.max(16, ids.length + (ids.length >> 1)), rowsNeeded);
    if ((long) capacity * dim > Integer.MAX_VALUE - 8) {
      capacity = (Integer.MAX_VALUE - 8) / Math.max(1, dim);
      if (capacity < rowsNeeded) {
        throw new IllegalStateException("the index is full: " + count + " vectors of " + dim
            + " dimensions fill a Java array; shard the pod to hold more");
      }
    }
    raw = Arrays.copyOf(raw, capacity * dim);
    if (metric == Metric.COSINE) {
      unit = Arrays.copyOf(unit, capacity * dim);
    }
    ids = Arrays.copyOf(ids, capacity);
    docs = Arrays.copyOf(docs, capacity);
  }
}
