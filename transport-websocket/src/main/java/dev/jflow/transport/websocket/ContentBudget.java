package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;

/**
 * The binary content one HTTP call's documents may hold together: the bytes decoded from data URIs and
 * from the base64 of {@code buffer}s and array buffers (chunks and matches included) count against the
 * gateway's maxMessageSize. Not thread-safe; one per call.
 */
final class ContentBudget {
  private final long maxBytes;
  private long used;

  ContentBudget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Charges the binary content of document {@code at}.
   *
   * @throws FlowException RESOURCE_EXHAUSTED naming {@code at} when it takes the call over the budget
   */
  void charge(String at, DocumentProto doc) {
    used += binaryBytes(doc);
    if (used > maxBytes) {
      throw new FlowException(Status.Code.RESOURCE_EXHAUSTED, at + " brings the call's binary content (data URIs, buffers, "
          + "blobs and embeddings) to " + used + " bytes, over the gateway's maxMessageSize of " + maxBytes
          + " bytes; send fewer documents per call");
    }
  }

  /** The bytes of {@code d}'s buffer and arrays, with its chunks' and matches'. */
  private static long binaryBytes(DocumentProto d) {
    long n = d.getBuffer().size() + arrayBytes(d.getBlob()) + arrayBytes(d.getEmbedding());
    for (DocumentProto c : d.getChunksList()) {
      n += binaryBytes(c);
    }
    for (DocumentProto m : d.getMatchesList()) {
      n += binaryBytes(m);
    }
    return n;
  }

  private static long arrayBytes(NdArrayProto a) {
    return a.getDense().getBuffer().size() + a.getSparse().getIndices().getBuffer().size() + a.getSparse().getValues().getBuffer().size();
  }
}
