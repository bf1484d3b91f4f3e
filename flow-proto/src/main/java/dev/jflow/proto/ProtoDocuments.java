package dev.jflow.proto;

import dev.jflow.api.Document;
import dev.jflow.api.internal.DocumentList;
import dev.jflow.proto.jina.DocumentProto;
import java.util.List;
import java.util.function.Consumer;

/**
 * The documents of a decoded message kept as they arrived ({@link DocumentList.Wire}): checked against
 * the request's limits when the message was decoded, turned into documents only when something reads
 * them, and encoded again as the very same protos when nothing did.
 */
final class ProtoDocuments implements DocumentList.Wire {
  private final List<DocumentProto> protos; // immutable: a parsed message's list
  private final String path;
  private volatile long bytes = -1;

  private ProtoDocuments(List<DocumentProto> protos, String path) {
    this.protos = protos;
    this.path = path;
  }

  /**
   * A list of {@code protos}' documents, decoded on first use; {@code path} (e.g. {@code index.docs})
   * names them in errors. They are checked against {@code budget} now, so a request over a limit or with
   * an invalid document fails here, as if it had been decoded. Documents of which one (at any depth) has
   * no id are decoded now: the fresh id each gets must be the same in every copy and on the way out.
   */
  static DocumentList of(List<DocumentProto> protos, String path, DecodeBudget budget) {
    boolean ids = true;
    for (int i = 0; i < protos.size(); i++) {
      ids &= DocumentCodec.check(protos.get(i), path + "[" + i + "]", budget);
    }
    if (protos.isEmpty()) {
      return new DocumentList();
    }
    ProtoDocuments wire = new ProtoDocuments(protos, path);
    if (!ids) { // decoded once now: each decode would give an id-less document a fresh id, and copies would not match
      DocumentList decoded = new DocumentList();
      decoded.addAll(wire.decode());
      return decoded;
    }
    return new DocumentList(wire);
  }

  /**
   * Adds {@code docs} to a message being built: their protos as they arrived when nothing decoded them,
   * else each document encoded.
   */
  static void encode(List<Document> docs, Consumer<Iterable<DocumentProto>> addAll, Consumer<DocumentProto> add) {
    DocumentList.Wire w = DocumentList.wire(docs);
    if (w instanceof ProtoDocuments) {
      addAll.accept(((ProtoDocuments) w).protos);
    } else {
      docs.forEach(d -> add.accept(DocumentCodec.encode(d)));
    }
  }

  @Override
  public int size() {
    return protos.size();
  }

  @Override
  public long bytes() {
    long b = bytes;
    if (b < 0) {
      b = 0;
      for (DocumentProto p : protos) {
        b += p.getSerializedSize(); // memoized by the message
      }
      bytes = b;
    }
    return b;
  }

  /** Decodes afresh; the protos were checked when they arrived, so the limits are not charged again. */
  @Override
  public List<Document> decode() {
    return DocumentCodec.decodeAll(protos, path, new DecodeBudget(DecodeLimits.unlimited()));
  }
}
