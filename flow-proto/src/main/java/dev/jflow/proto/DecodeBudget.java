package dev.jflow.proto;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;

/**
 * What one request's decoding has used of its {@link DecodeLimits}: documents and array bytes are
 * charged before anything is allocated for them, so a request over a limit fails having allocated at
 * most the limit. Not thread-safe; one per decode.
 */
final class DecodeBudget {
  private final DecodeLimits limits;
  private long documents;
  private long arrayBytes;

  DecodeBudget(DecodeLimits limits) {
    this.limits = limits;
  }

  /** Charges one document at {@code path}. */
  void document(String path) {
    if (++documents > limits.maxDocuments()) {
      throw new FlowException(Status.Code.RESOURCE_EXHAUSTED, path + ": the request has more than " + limits.maxDocuments()
          + " documents (chunks and matches included); the limit maxDocuments is " + limits.maxDocuments()
          + "; send fewer documents per request");
    }
  }

  /** Charges {@code bytes} of the array at {@code path}. */
  void arrayBytes(String path, long bytes) {
    if (bytes > limits.maxArrayBytes() - arrayBytes) {
      throw new FlowException(Status.Code.RESOURCE_EXHAUSTED, path + ": the array needs " + bytes + " bytes"
          + (arrayBytes > 0 ? " on top of the request's " + arrayBytes : "") + ", over the limit maxArrayBytes of "
          + limits.maxArrayBytes() + " bytes of arrays per request; send fewer or smaller arrays per request");
    }
    arrayBytes += bytes;
  }
}
