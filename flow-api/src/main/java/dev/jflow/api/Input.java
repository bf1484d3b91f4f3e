package dev.jflow.api;

import java.util.Objects;

/**
 * One item of a call's input: a document and, optionally, its groundtruth (for evaluation flows).
 *
 * @param document the document to send
 * @param groundtruth the expected result for {@code document}, or null
 */
public record Input(Document document, Document groundtruth) {
  /** Requires a document. */
  public Input {
    Objects.requireNonNull(document, "document");
  }

  /** An input without groundtruth. */
  public static Input of(Document document) {
    return new Input(document, null);
  }
}
