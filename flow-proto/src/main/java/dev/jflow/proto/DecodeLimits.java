package dev.jflow.proto;

/**
 * How much one decoded request may hold, so that a small hostile message cannot make the decoder
 * allocate without bound: {@link #maxArrayBytes()} caps the bytes of all arrays (blobs and embeddings,
 * after quantized arrays are restored) in one request, and {@link #maxDocuments()} caps its documents,
 * counting chunks and matches at every depth. A request over either fails with a
 * {@link dev.jflow.api.FlowException} of code RESOURCE_EXHAUSTED naming the limit and its value.
 * Immutable; build one with {@link #builder()} or take {@link #defaults()}.
 */
public final class DecodeLimits {
  /** The gateways' default maxMessageSize, 64 MiB, which the defaults are derived from. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
  /** Default {@link #maxArrayBytes()}: 4 × the default maxMessageSize, 256 MiB. */
  public static final long DEFAULT_MAX_ARRAY_BYTES = 4L * DEFAULT_MAX_MESSAGE_SIZE;
  /** Default {@link #maxDocuments()}: 100,000 documents per request, chunks and matches included. */
  public static final int DEFAULT_MAX_DOCUMENTS = 100_000;

  private static final DecodeLimits DEFAULTS = builder().build();
  private static final DecodeLimits UNLIMITED = builder().maxArrayBytes(Long.MAX_VALUE).maxDocuments(Integer.MAX_VALUE).build();

  private final long maxArrayBytes;
  private final int maxDocuments;

  private DecodeLimits(Builder b) {
    this.maxArrayBytes = b.maxArrayBytes;
    this.maxDocuments = b.maxDocuments;
  }

  /** The default limits: 256 MiB of arrays and 100,000 documents per request. */
  public static DecodeLimits defaults() {
    return DEFAULTS;
  }

  /** No limits beyond what Java arrays allow; for trusted peers only. */
  public static DecodeLimits unlimited() {
    return UNLIMITED;
  }

  /**
   * The default limits with {@link #maxArrayBytes()} set to 4 × {@code maxMessageSize}, for a gateway
   * whose messages may hold up to {@code maxMessageSize} bytes.
   *
   * @throws IllegalArgumentException when {@code maxMessageSize} is not positive
   */
  public static DecodeLimits forMessageSize(int maxMessageSize) {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize must be positive, got " + maxMessageSize);
    }
    return builder().maxArrayBytes(4L * maxMessageSize).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The most bytes all decoded arrays of one request may hold together; default 256 MiB. */
  public long maxArrayBytes() {
    return maxArrayBytes;
  }

  /** The most documents one request may hold, counting chunks and matches recursively; default 100,000. */
  public int maxDocuments() {
    return maxDocuments;
  }

  @Override
  public String toString() {
    return "DecodeLimits{maxArrayBytes=" + maxArrayBytes + ", maxDocuments=" + maxDocuments + "}";
  }

  /** Builds {@link DecodeLimits}; every setter starts at its default. */
  public static final class Builder {
    private long maxArrayBytes = DEFAULT_MAX_ARRAY_BYTES;
    private int maxDocuments = DEFAULT_MAX_DOCUMENTS;

    private Builder() {}

    /**
     * The most bytes all decoded arrays of one request may hold together; default 256 MiB
     * ({@link #DEFAULT_MAX_ARRAY_BYTES}).
     *
     * @throws IllegalArgumentException when {@code bytes} is negative
     */
    public Builder maxArrayBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxArrayBytes must be 0 or more, got " + bytes);
      }
      this.maxArrayBytes = bytes;
      return this;
    }

    /**
     * The most documents one request may hold, chunks and matches included; default 100,000
     * ({@link #DEFAULT_MAX_DOCUMENTS}).
     *
     * @throws IllegalArgumentException when {@code documents} is negative
     */
    public Builder maxDocuments(int documents) {
      if (documents < 0) {
        throw new IllegalArgumentException("maxDocuments must be 0 or more, got " + documents);
      }
      this.maxDocuments = documents;
      return this;
    }

    /** The limits. */
    public DecodeLimits build() {
      return new DecodeLimits(this);
    }
  }
}
