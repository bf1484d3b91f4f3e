package dev.jflow.benchmarks;

import dev.jflow.api.Document;
import dev.jflow.proto.jina.RequestProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The soak's documents: ids from a fixed space of {@link #IDS} (so the index stays the same size
 * however long the soak runs) with random {@link #DIM}-d float32 embeddings.
 */
final class SoakData {
  static final int IDS = 2_000;
  static final int DIM = 64;

  private SoakData() {}

  static String id(Random random) {
    return "soak-" + random.nextInt(IDS);
  }

  static Payloads.Doc doc(Random random) {
    ByteBuffer bytes = ByteBuffer.allocate(DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int j = 0; j < DIM; j++) {
      bytes.putFloat(random.nextFloat());
    }
    return new Payloads.Doc(id(random), bytes.array(), DIM);
  }

  static List<Document> documents(Random random, int n) {
    List<Document> docs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      docs.add(Payloads.document(doc(random)));
    }
    return docs;
  }

  static List<String> ids(Random random, int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(id(random));
    }
    return ids;
  }

  /** A SEARCH request of {@code n} queries, as plain protobuf (for the raw clients). */
  static RequestProto searchProto(Random random, int n) {
    RequestProto.SearchRequestProto.Builder body = RequestProto.SearchRequestProto.newBuilder();
    for (int i = 0; i < n; i++) {
      body.addDocs(Payloads.documentProto(doc(random)));
    }
    return RequestProto.newBuilder().setRequestId(new UUID(random.nextLong(), random.nextLong()).toString()).setSearch(body).build();
  }
}
