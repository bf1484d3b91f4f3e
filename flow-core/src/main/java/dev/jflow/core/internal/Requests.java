package dev.jflow.core.internal;

import dev.jflow.api.Document;
import dev.jflow.api.Request;
import dev.jflow.api.internal.DocumentList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** Copying requests for parallel branches and shards, and merging the parts of one request. */
final class Requests {
  private Requests() {}

  /**
   * A deep copy of {@code r} with the same id, for a second branch that may change its documents; documents
   * not decoded yet are shared in their immutable wire form instead (each copy decodes its own on first use).
   */
  static Request copy(Request r) {
    return Request.builder(r.type()).id(r.id()).docs(DocumentList.copyOf(r.docs()))
        .groundtruths(DocumentList.copyOf(r.groundtruths())).ids(r.ids()).parameters(r.parameters()).build();
  }

  /**
   * The default merge ({@code _merge}): documents are united by id in the order first seen; when a
   * document appears in several parts, the first copy is kept and takes the chunks and matches (by id)
   * it lacks, the evaluations it lacks, and its content, embedding and tags where it has none.
   * Groundtruths, ids and parameters
   * come from the first part.
   */
  static Request merge(List<Request> parts) {
    return merge(parts, Requests::absorb);
  }

  /** Unites the parts' documents by id, letting {@code combine(kept, other)} fold in later copies. */
  static Request merge(List<Request> parts, BiConsumer<Document, Document> combine) {
    Request first = parts.get(0);
    if (parts.size() == 1) {
      return first;
    }
    Map<String, Document> byId = new LinkedHashMap<>();
    for (Request part : parts) {
      for (Document d : part.docs()) {
        Document kept = byId.putIfAbsent(d.id(), d);
        if (kept != null && kept != d) {
          combine.accept(kept, d);
        }
      }
    }
    return Request.builder(first.type()).id(first.id()).docs(byId.values()).groundtruths(first.groundtruths())
        .ids(first.ids()).parameters(first.parameters()).build();
  }

  private static void absorb(Document kept, Document other) {
    addMissing(kept.chunks(), other.chunks());
    addMissing(kept.matches(), other.matches());
    if (kept.contentType() == Document.ContentType.NONE) {
      switch (other.contentType()) {
        case TEXT: kept.text(other.text()); break;
        case BUFFER: kept.buffer(other.buffer()); break;
        case BLOB: kept.blob(other.blob()); break;
        default: break;
      }
    }
    if (kept.embedding() == null) {
      kept.embedding(other.embedding());
    }
    other.tags().forEach(kept.tags()::putIfAbsent);
    for (dev.jflow.api.NamedScore e : other.evaluations()) {
      if (!kept.evaluations().contains(e)) {
        kept.evaluations().add(e);
      }
    }
  }

  /** Appends the documents of {@code from} whose ids {@code into} does not hold yet. */
  static void addMissing(List<Document> into, List<Document> from) {
    Set<String> ids = new HashSet<>();
    into.forEach(d -> ids.add(d.id()));
    for (Document d : from) {
      if (ids.add(d.id())) {
        into.add(d);
      }
    }
  }
}
