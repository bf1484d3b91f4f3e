package dev.jflow.executors;

import java.io.IOException;
import java.util.Set;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The live documents of one point-in-time view of an {@link HnswStore}, as {@link VectorFile} rows: each
 * pass walks the segments in order and reads ids, vectors and records forward only, so a dump streams
 * from the index in bounded memory.
 */
final class HnswRows implements VectorFile.Rows, VectorFile.Row {
  private final IndexReader reader;
  private final int dim;
  private LeafReader leaf;
  private int doc;
  private BinaryDocValues ids;
  private FloatVectorValues vectors;
  private StoredFields stored;
  private int idDoc;
  private String id;

  HnswRows(IndexReader reader, int dim) {
    this.reader = reader;
    this.dim = dim;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public boolean hasDocuments() {
    for (LeafReaderContext c : reader.leaves()) {
      if (c.reader().getFieldInfos().fieldInfo(HnswStore.DOC) != null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void forEach(VectorFile.Visitor visitor) throws IOException {
    for (LeafReaderContext c : reader.leaves()) {
      leaf = c.reader();
      ids = leaf.getBinaryDocValues(HnswStore.ID);
      vectors = leaf.getFloatVectorValues(HnswStore.VECTOR);
      stored = null;
      idDoc = -1;
      Bits live = leaf.getLiveDocs();
      for (int d = 0; d < leaf.maxDoc(); d++) {
        if (live == null || live.get(d)) {
          doc = d;
          visitor.visit(this);
        }
      }
    }
  }

  @Override
  public String id() throws IOException {
    if (idDoc != doc) {
      if (ids == null || !ids.advanceExact(doc)) {
        throw new IllegalStateException("document " + doc + " of a segment has no id; the HNSW index is damaged");
      }
      id = ids.binaryValue().utf8ToString();
      idDoc = doc;
    }
    return id;
  }

  @Override
  public void vector(float[] into) throws IOException {
    if (vectors == null || (vectors.docID() < doc && vectors.advance(doc) != doc) || vectors.docID() != doc) {
      throw new IllegalStateException("document '" + id() + "' has no vector; the HNSW index is damaged");
    }
    System.arraycopy(vectors.vectorValue(), 0, into, 0, dim);
  }

  @Override
  public byte[] document() throws IOException {
    if (stored == null) {
      stored = leaf.storedFields();
    }
    BytesRef b = stored.document(doc, Set.of(HnswStore.DOC)).getBinaryValue(HnswStore.DOC);
    return b == null ? null : BytesRef.deepCopyOf(b).bytes;
  }
}
