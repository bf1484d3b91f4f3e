package dev.jflow.api;

import dev.jflow.api.internal.DocumentList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One request travelling a Flow: its id, type, documents (or ids for DELETE), groundtruths and
 * parameters. Executors read and change a request's documents in place; the lists are live and
 * mutable. A request belongs to one pod at a time and is not thread-safe.
 */
public final class Request {
  /** The parameter holding the number of matches a search asks for, as Jina names it. */
  public static final String TOP_K = "top_k";

  private final String id;
  private final RequestType type;
  private final List<Document> docs;
  private final List<Document> groundtruths;
  private final List<String> ids;
  private final JsonMap parameters;

  private Request(String id, RequestType type, List<Document> docs, List<Document> groundtruths,
      List<String> ids, JsonMap parameters) {
    this.id = id;
    this.type = type;
    this.docs = docs;
    this.groundtruths = groundtruths;
    this.ids = ids;
    this.parameters = parameters;
  }

  /** A builder for a request of {@code type} with a fresh UUID id. */
  public static Builder builder(RequestType type) {
    return new Builder(type);
  }

  /** A request of {@code type} holding {@code docs} (the list is copied, the documents are not). */
  public static Request of(RequestType type, Collection<Document> docs) {
    return builder(type).docs(docs).build();
  }

  /** The request id, a UUID string unless the client chose another. */
  public String id() {
    return id;
  }

  /** The request type. */
  public RequestType type() {
    return type;
  }

  /** The documents, a live mutable list. */
  public List<Document> docs() {
    return docs;
  }

  /** The groundtruth documents paired by position with {@link #docs()}; a live mutable list, usually empty. */
  public List<Document> groundtruths() {
    return groundtruths;
  }

  /**
   * A cheap estimate of the bytes this request holds: its documents' and groundtruths'
   * {@link Document#estimatedBytes()} (or, for documents still as they arrived and not decoded yet,
   * their size on the wire) plus its ids; parameters are not counted.
   */
  public long estimatedBytes() {
    long total = 64 + DocumentList.estimatedBytes(docs) + DocumentList.estimatedBytes(groundtruths);
    for (String id : ids) {
      total += 16 + 2L * id.length();
    }
    return total;
  }

  /** The ids a DELETE request removes; a live mutable list, empty for other types. */
  public List<String> ids() {
    return ids;
  }

  /** The parameters (e.g. {@value #TOP_K}), a live mutable JSON map. */
  public JsonMap parameters() {
    return parameters;
  }

  /** The {@value #TOP_K} parameter, or {@code fallback} when absent. */
  public int topK(int fallback) {
    return (int) parameters.getNumber(TOP_K, fallback);
  }

  @Override
  public String toString() {
    return "Request{" + type + " " + id + ", docs=" + docs.size()
        + (ids.isEmpty() ? "" : ", ids=" + ids.size())
        + (parameters.isEmpty() ? "" : ", parameters=" + parameters) + "}";
  }

  /** Builds a {@link Request}. */
  public static final class Builder {
    private final RequestType type;
    private String id;
    private final DocumentList docs = new DocumentList();
    private final DocumentList groundtruths = new DocumentList();
    private final List<String> ids = new ArrayList<>();
    private final JsonMap parameters = new JsonMap();

    private Builder(RequestType type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /** Sets the id; a fresh UUID string by default. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Adds documents (the list is copied, the documents are not); none by default. A codec's list of
     * documents not decoded yet is taken over in its wire form, still not decoded.
     */
    public Builder docs(Collection<Document> docs) {
      this.docs.addAll(docs);
      return this;
    }

    /** Adds groundtruths; none by default. */
    public Builder groundtruths(Collection<Document> groundtruths) {
      this.groundtruths.addAll(groundtruths);
      return this;
    }

    /** Adds ids (for DELETE); none by default. */
    public Builder ids(Collection<String> ids) {
      this.ids.addAll(ids);
      return this;
    }

    /** Puts parameters (JSON-like values); none by default. */
    public Builder parameters(Map<String, ?> parameters) {
      this.parameters.putAll(parameters);
      return this;
    }

    /** Builds the request. */
    public Request build() {
      String rid = id == null || id.isEmpty() ? UUID.randomUUID().toString() : id;
      return new Request(rid, type, docs, groundtruths, ids, parameters);
    }
  }
}
