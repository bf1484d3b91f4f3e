package dev.jflow.benchmarks;

import com.google.protobuf.UnsafeByteOperations;
import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.proto.jina.DenseNdArrayProto;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;
import dev.jflow.proto.jina.RequestProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The payload every benchmark sends: documents with a UUID-style id and a float32 embedding, made from
 * a fixed seed so that JFlow and the baselines carry the same ids and the same bytes.
 */
final class Payloads {
  private Payloads() {}

  /** One document's data: its id and its embedding as little-endian float32 bytes. */
  record Doc(String id, byte[] embedding, int dim) {}

  /** {@code n} documents of {@code dim} float32 values each, the same for the same seed. */
  static List<Doc> docs(int n, int dim, long seed) {
    Random random = new Random(seed);
    List<Doc> docs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      ByteBuffer bytes = ByteBuffer.allocate(dim * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int j = 0; j < dim; j++) {
        bytes.putFloat(random.nextFloat());
      }
      docs.add(new Doc(id, bytes.array(), dim));
    }
    return docs;
  }

  /** The JFlow model of {@code d}: the embedding wraps the same bytes. */
  static Document document(Doc d) {
    return Document.withId(d.id()).embedding(NdArray.wrap(DType.FLOAT32, d.embedding(), d.dim()));
  }

  /** The JFlow documents of {@code docs}. */
  static List<Document> documents(List<Doc> docs) {
    List<Document> out = new ArrayList<>(docs.size());
    docs.forEach(d -> out.add(document(d)));
    return out;
  }

  /** {@code d} as a hand-made DocumentProto: the id and the embedding, as JFlow's codec writes them. */
  static DocumentProto documentProto(Doc d) {
    DenseNdArrayProto dense = DenseNdArrayProto.newBuilder()
        .setBuffer(UnsafeByteOperations.unsafeWrap(d.embedding()))
        .addShape(d.dim())
        .setDtype(DType.FLOAT32.numpyCode())
        .build();
    return DocumentProto.newBuilder()
        .setId(d.id())
        .setEmbedding(NdArrayProto.newBuilder().setDense(dense))
        .build();
  }

  /** An INDEX request of {@code docs}, built with plain protobuf. */
  static RequestProto indexRequest(String requestId, List<Doc> docs) {
    RequestProto.IndexRequestProto.Builder body = RequestProto.IndexRequestProto.newBuilder();
    docs.forEach(d -> body.addDocs(documentProto(d)));
    return RequestProto.newBuilder().setRequestId(requestId).setIndex(body).build();
  }

  /** The INDEX requests of {@code docs} cut into {@code requestSize} documents each, with ids from the seed. */
  static List<RequestProto> indexRequests(List<Doc> docs, int requestSize, long seed) {
    Random random = new Random(seed ^ 0x5DEECE66DL);
    int size = requestSize > 0 ? requestSize : Math.max(docs.size(), 1);
    List<RequestProto> out = new ArrayList<>(docs.size() / size + 1);
    for (int from = 0; from < docs.size(); from += size) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      out.add(indexRequest(id, docs.subList(from, Math.min(from + size, docs.size()))));
    }
    return out;
  }
}
