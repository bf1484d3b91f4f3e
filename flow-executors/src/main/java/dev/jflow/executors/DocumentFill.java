package dev.jflow.executors;

import dev.jflow.api.Document;
import java.util.Map;

/** Fills an id-only document (a match, a query by id) with the stored copy's fields that it lacks. */
final class DocumentFill {
  private DocumentFill() {}

  /** True for a document that carries no content of its own. */
  static boolean needsFill(Document d) {
    return d.contentType() == Document.ContentType.NONE;
  }

  /**
   * Copies into {@code target} what {@code stored} has and it lacks: content, embedding, chunks, tags
   * (keys it lacks), and the descriptive fields that are empty or zero. Its own id, score, evaluations,
   * matches, granularity and adjacency stay.
   */
  static void fill(Document target, Document stored) {
    switch (stored.contentType()) {
      case TEXT: target.text(stored.text()); break;
      case BUFFER: target.buffer(stored.buffer()); break;
      case BLOB: target.blob(stored.blob()); break;
      default: break;
    }
    if (target.embedding() == null) {
      target.embedding(stored.embedding());
    }
    if (target.chunks().isEmpty()) {
      target.chunks().addAll(stored.chunks());
    }
    for (Map.Entry<String, Object> e : stored.tags().entrySet()) {
      if (!target.tags().containsKey(e.getKey())) {
        target.tags().put(e.getKey(), e.getValue());
      }
    }
    if (target.mimeType().isEmpty()) {
      target.mimeType(stored.mimeType());
    }
    if (target.uri().isEmpty()) {
      target.uri(stored.uri());
    }
    if (target.parentId().isEmpty()) {
      target.parentId(stored.parentId());
    }
    if (target.levelName().isEmpty()) {
      target.levelName(stored.levelName());
    }
    if (target.modality().isEmpty()) {
      target.modality(stored.modality());
    }
    if (target.contentHash().isEmpty()) {
      target.contentHash(stored.contentHash());
    }
    if (target.weight() == 0f) {
      target.weight(stored.weight());
    }
    if (target.location().length == 0) {
      target.location(stored.location());
    }
    if (target.offset() == 0) {
      target.offset(stored.offset());
    }
    if (target.siblings() == 0) {
      target.siblings(stored.siblings());
    }
  }
}
