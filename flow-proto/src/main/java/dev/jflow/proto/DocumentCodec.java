package dev.jflow.proto;

import com.google.protobuf.UnsafeByteOperations;
import dev.jflow.api.Document;
import dev.jflow.api.NamedScore;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NamedScoreProto;
import java.util.ArrayList;
import java.util.List;

/** Documents to and from {@code DocumentProto}, field by field and recursively through chunks and matches. */
final class DocumentCodec {
  private DocumentCodec() {}

  static DocumentProto encode(Document d) {
    DocumentProto.Builder b = DocumentProto.newBuilder()
        .setId(d.id())
        .setContentHash(d.contentHash())
        .setGranularity(d.granularity())
        .setAdjacency(d.adjacency())
        .setLevelName(d.levelName())
        .setParentId(d.parentId())
        .setWeight(d.weight())
        .setSiblings(d.siblings())
        .setMimeType(d.mimeType())
        .setUri(d.uri())
        .setOffset(d.offset())
        .setModality(d.modality());
    switch (d.contentType()) {
      case TEXT: b.setText(d.text()); break;
      case BUFFER: b.setBuffer(UnsafeByteOperations.unsafeWrap(d.buffer())); break;
      case BLOB: b.setBlob(NdArrayCodec.encode(d.blob())); break;
      default: break;
    }
    d.chunks().forEach(c -> b.addChunks(encode(c)));
    d.matches().forEach(m -> b.addMatches(encode(m)));
    if (!d.tags().isEmpty()) {
      b.setTags(StructCodec.encode(d.tags()));
    }
    for (int l : d.location()) {
      b.addLocation(l);
    }
    if (d.embedding() != null) {
      b.setEmbedding(NdArrayCodec.encode(d.embedding()));
    }
    if (d.score() != null) {
      b.setScore(encode(d.score()));
    }
    d.evaluations().forEach(e -> b.addEvaluations(encode(e)));
    return b.build();
  }

  static NamedScoreProto encode(NamedScore s) {
    NamedScoreProto.Builder b = NamedScoreProto.newBuilder()
        .setValue(s.value()).setOpName(s.opName()).setDescription(s.description()).setRefId(s.refId());
    s.operands().forEach(o -> b.addOperands(encode(o)));
    return b.build();
  }

  /** Decodes {@code p}, charging it and its arrays to {@code budget}; {@code path} (e.g. {@code docs[3]}) names it in errors. */
  static Document decode(DocumentProto p, String path, DecodeBudget budget) {
    budget.document(path);
    Document d = Document.withId(p.getId())
        .contentHash(p.getContentHash())
        .granularity(p.getGranularity())
        .adjacency(p.getAdjacency())
        .levelName(p.getLevelName())
        .parentId(p.getParentId())
        .weight(p.getWeight())
        .siblings(p.getSiblings())
        .mimeType(p.getMimeType())
        .uri(p.getUri())
        .offset(p.getOffset())
        .modality(p.getModality());
    switch (p.getContentCase()) {
      case TEXT: d.text(p.getText()); break;
      case BUFFER: d.buffer(p.getBuffer().toByteArray()); break;
      case BLOB: d.blob(NdArrayCodec.decode(p.getBlob(), path + ".blob", budget)); break;
      default: break;
    }
    for (int i = 0; i < p.getChunksCount(); i++) {
      d.chunks().add(decode(p.getChunks(i), path + ".chunks[" + i + "]", budget));
    }
    for (int i = 0; i < p.getMatchesCount(); i++) {
      d.matches().add(decode(p.getMatches(i), path + ".matches[" + i + "]", budget));
    }
    if (p.hasTags()) {
      d.tags(StructCodec.decode(p.getTags()));
    }
    int[] location = new int[p.getLocationCount()];
    for (int i = 0; i < location.length; i++) {
      location[i] = p.getLocation(i);
    }
    d.location(location);
    if (p.hasEmbedding()) {
      d.embedding(NdArrayCodec.decode(p.getEmbedding(), path + ".embedding", budget));
    }
    if (p.hasScore()) {
      d.score(decode(p.getScore()));
    }
    p.getEvaluationsList().forEach(e -> d.evaluations().add(decode(e)));
    return d;
  }

  /**
   * Checks {@code p} as {@link #decode} would, charging it and its arrays to {@code budget}, without
   * making the document: decoding it later cannot fail. Returns whether it and every document in it
   * have an id: one without gets a fresh id when decoded, a different one each time.
   */
  static boolean check(DocumentProto p, String path, DecodeBudget budget) {
    budget.document(path);
    boolean ids = !p.getId().isEmpty();
    if (p.getContentCase() == DocumentProto.ContentCase.BLOB) {
      NdArrayCodec.check(p.getBlob(), path + ".blob", budget);
    }
    for (int i = 0; i < p.getChunksCount(); i++) {
      ids &= check(p.getChunks(i), path + ".chunks[" + i + "]", budget);
    }
    for (int i = 0; i < p.getMatchesCount(); i++) {
      ids &= check(p.getMatches(i), path + ".matches[" + i + "]", budget);
    }
    if (p.hasEmbedding()) {
      NdArrayCodec.check(p.getEmbedding(), path + ".embedding", budget);
    }
    return ids;
  }

  static NamedScore decode(NamedScoreProto p) {
    List<NamedScore> operands = new ArrayList<>(p.getOperandsCount());
    p.getOperandsList().forEach(o -> operands.add(decode(o)));
    return new NamedScore(p.getValue(), p.getOpName(), p.getDescription(), operands, p.getRefId());
  }

  static List<Document> decodeAll(List<DocumentProto> protos, String path, DecodeBudget budget) {
    List<Document> docs = new ArrayList<>(protos.size());
    for (int i = 0; i < protos.size(); i++) {
      docs.add(decode(protos.get(i), path + "[" + i + "]", budget));
    }
    return docs;
  }
}
