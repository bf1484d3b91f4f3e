package dev.jflow.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The unit of data in a Flow, after Jina's Document: an id, content that is exactly one of text,
 * bytes ({@code buffer}) or an array ({@code blob}), an embedding, nested {@link #chunks()} and
 * {@link #matches()}, JSON-like {@link #tags()}, a score and descriptive fields.
 *
 * <p>A Document is mutable and not thread-safe: executors change documents in place, and a Flow
 * hands a request's documents to one pod at a time. Setters return {@code this}. Nothing is copied on
 * the way in or out: byte content and lists are held as given; call {@link #copy()} for a deep copy.
 */
public final class Document {
  /** Which kind of content a document holds. */
  public enum ContentType {
    /** No content set. */
    NONE,
    /** {@link #text()}. */
    TEXT,
    /** {@link #buffer()}. */
    BUFFER,
    /** {@link #blob()}. */
    BLOB
  }

  private String id;
  private String text;
  private byte[] buffer;
  private NdArray blob;
  private NdArray embedding;
  // chunks, matches, tags and evaluations are made on first use: most documents never have them,
  // and decoding a request allocates a document per item
  private List<Document> chunks;
  private List<Document> matches;
  private JsonMap tags;
  private NamedScore score;
  private List<NamedScore> evaluations;
  private String mimeType = "";
  private String uri = "";
  private int granularity;
  private int adjacency;
  private String parentId = "";
  private String levelName = "";
  private float weight;
  private String modality = "";
  private static final int[] NO_LOCATION = new int[0];
  private int[] location = NO_LOCATION;
  private int offset;
  private String contentHash = "";
  private int siblings;

  /** A document with a fresh random UUID as its id and no content. */
  public Document() {
    this(UUID.randomUUID().toString());
  }

  private Document(String id) {
    this.id = id;
  }

  /** A document with the given id (a fresh UUID when {@code id} is null or empty). */
  public static Document withId(String id) {
    return id == null || id.isEmpty() ? new Document() : new Document(id);
  }

  /** A document with a fresh id holding {@code text}. */
  public static Document ofText(String text) {
    return new Document().text(text);
  }

  /** A document with a fresh id holding {@code bytes} (not copied). */
  public static Document ofBuffer(byte[] bytes) {
    return new Document().buffer(bytes);
  }

  /** A document with a fresh id holding {@code blob}. */
  public static Document ofBlob(NdArray blob) {
    return new Document().blob(blob);
  }

  /** The id; never null. Any string is accepted; JFlow generates UUID strings. */
  public String id() {
    return id;
  }

  /** Sets the id; null or empty generates a fresh UUID. */
  public Document id(String id) {
    this.id = id == null || id.isEmpty() ? UUID.randomUUID().toString() : id;
    return this;
  }

  /** Which content is set. */
  public ContentType contentType() {
    if (text != null) {
      return ContentType.TEXT;
    }
    if (buffer != null) {
      return ContentType.BUFFER;
    }
    return blob != null ? ContentType.BLOB : ContentType.NONE;
  }

  /** The text content, or null when the content is not text. */
  public String text() {
    return text;
  }

  /** Sets text as the content, clearing any buffer or blob. */
  public Document text(String text) {
    clearContent();
    this.text = text;
    return this;
  }

  /** The byte content (not a copy), or null when the content is not bytes. */
  public byte[] buffer() {
    return buffer;
  }

  /** Sets bytes (not copied) as the content, clearing any text or blob. */
  public Document buffer(byte[] buffer) {
    clearContent();
    this.buffer = buffer;
    return this;
  }

  /** The array content, or null when the content is not an array. */
  public NdArray blob() {
    return blob;
  }

  /** Sets an array as the content, clearing any text or buffer. */
  public Document blob(NdArray blob) {
    clearContent();
    this.blob = blob;
    return this;
  }

  /** Removes the content, whichever kind it is. */
  public Document clearContent() {
    text = null;
    buffer = null;
    blob = null;
    return this;
  }

  /** The embedding, or null. */
  public NdArray embedding() {
    return embedding;
  }

  /** Sets the embedding (null removes it). */
  public Document embedding(NdArray embedding) {
    this.embedding = embedding;
    return this;
  }

  /**
   * A cheap estimate of the bytes this document holds: its id and text (two bytes a character), its
   * buffer, blob and embedding, and its chunks and matches at any depth; tags and the small fields
   * count as a fixed 64 bytes a document. For bounding queues, not for sizing messages.
   */
  public long estimatedBytes() {
    long total = 0;
    java.util.ArrayDeque<Document> todo = new java.util.ArrayDeque<>();
    todo.push(this); // a stack, not recursion: a hostile request may nest documents deeply
    while (!todo.isEmpty()) {
      Document d = todo.pop();
      total += 64 + 2L * d.id.length() + (d.text == null ? 0 : 2L * d.text.length())
          + (d.buffer == null ? 0 : d.buffer.length) + arrayBytes(d.blob) + arrayBytes(d.embedding);
      if (d.chunks != null) {
        d.chunks.forEach(todo::push);
      }
      if (d.matches != null) {
        d.matches.forEach(todo::push);
      }
    }
    return total;
  }

  private static long arrayBytes(NdArray a) {
    return a == null ? 0 : a.bytes().remaining();
  }

  /** The nested chunks, a live mutable list. */
  public List<Document> chunks() {
    if (chunks == null) {
      chunks = new ArrayList<>();
    }
    return chunks;
  }

  /** Appends chunks. */
  public Document addChunks(Document... docs) {
    chunks().addAll(Arrays.asList(docs));
    return this;
  }

  /** The matches found for this document, a live mutable list. */
  public List<Document> matches() {
    if (matches == null) {
      matches = new ArrayList<>();
    }
    return matches;
  }

  /** Appends matches. */
  public Document addMatches(Document... docs) {
    matches().addAll(Arrays.asList(docs));
    return this;
  }

  /** The tags, a live mutable {@link JsonMap}. */
  public JsonMap tags() {
    if (tags == null) {
      tags = new JsonMap();
    }
    return tags;
  }

  /** Puts one tag; the value must be JSON-like (see {@link JsonMap}). */
  public Document tag(String key, Object value) {
    tags().put(key, value);
    return this;
  }

  /** Replaces all tags with a normalized copy of {@code values}. */
  public Document tags(Map<String, ?> values) {
    tags().clear();
    if (values != null) {
      tags.putAll(values);
    }
    return this;
  }

  /** The score, or null. */
  public NamedScore score() {
    return score;
  }

  /** Sets the score (null removes it). */
  public Document score(NamedScore score) {
    this.score = score;
    return this;
  }

  /** The evaluations, a live mutable list. */
  public List<NamedScore> evaluations() {
    if (evaluations == null) {
      evaluations = new ArrayList<>();
    }
    return evaluations;
  }

  /** The MIME type of the content; {@code ""} by default. */
  public String mimeType() {
    return mimeType;
  }

  /** Sets the MIME type (null means {@code ""}). */
  public Document mimeType(String mimeType) {
    this.mimeType = nonNull(mimeType);
    return this;
  }

  /** Where the content came from; {@code ""} by default. */
  public String uri() {
    return uri;
  }

  /** Sets the URI (null means {@code ""}). */
  public Document uri(String uri) {
    this.uri = nonNull(uri);
    return this;
  }

  /** Depth in the chunk tree (0 for a root document). */
  public int granularity() {
    return granularity;
  }

  /** Sets the granularity. */
  public Document granularity(int granularity) {
    this.granularity = granularity;
    return this;
  }

  /** Depth in the match tree (0 for a root document). */
  public int adjacency() {
    return adjacency;
  }

  /** Sets the adjacency. */
  public Document adjacency(int adjacency) {
    this.adjacency = adjacency;
    return this;
  }

  /** The id of the parent of a chunk; {@code ""} by default. */
  public String parentId() {
    return parentId;
  }

  /** Sets the parent id (null means {@code ""}). */
  public Document parentId(String parentId) {
    this.parentId = nonNull(parentId);
    return this;
  }

  /** A name for the granularity level; {@code ""} by default. */
  public String levelName() {
    return levelName;
  }

  /** Sets the level name (null means {@code ""}). */
  public Document levelName(String levelName) {
    this.levelName = nonNull(levelName);
    return this;
  }

  /** The weight; 0 by default. */
  public float weight() {
    return weight;
  }

  /** Sets the weight. */
  public Document weight(float weight) {
    this.weight = weight;
    return this;
  }

  /** The modality (e.g. "image"); {@code ""} by default. */
  public String modality() {
    return modality;
  }

  /** Sets the modality (null means {@code ""}). */
  public Document modality(String modality) {
    this.modality = nonNull(modality);
    return this;
  }

  /** Where a chunk sits in its parent (a copy); empty by default. */
  public int[] location() {
    return location.clone();
  }

  /** Sets the location (copied). */
  public Document location(int... location) {
    this.location = location == null || location.length == 0 ? NO_LOCATION : location.clone();
    return this;
  }

  /** The offset of a chunk in its parent; 0 by default. */
  public int offset() {
    return offset;
  }

  /** Sets the offset. */
  public Document offset(int offset) {
    this.offset = offset;
    return this;
  }

  /** A hash of the content; {@code ""} by default. */
  public String contentHash() {
    return contentHash;
  }

  /** Sets the content hash (null means {@code ""}). */
  public Document contentHash(String contentHash) {
    this.contentHash = nonNull(contentHash);
    return this;
  }

  /** The number of siblings of a chunk; 0 by default. */
  public int siblings() {
    return siblings;
  }

  /** Sets the number of siblings. */
  public Document siblings(int siblings) {
    this.siblings = siblings;
    return this;
  }

  /** A deep copy: chunks, matches, tags, evaluations and byte content are copied; arrays are immutable and shared. */
  public Document copy() {
    Document d = new Document(id);
    d.text = text;
    d.buffer = buffer == null ? null : buffer.clone();
    d.blob = blob;
    d.embedding = embedding;
    if (!isEmpty(chunks)) {
      chunks.forEach(c -> d.chunks().add(c.copy()));
    }
    if (!isEmpty(matches)) {
      matches.forEach(m -> d.matches().add(m.copy()));
    }
    if (tags != null && !tags.isEmpty()) {
      d.tags().putAll(tags);
    }
    d.score = score;
    if (!isEmpty(evaluations)) {
      d.evaluations().addAll(evaluations);
    }
    d.mimeType = mimeType;
    d.uri = uri;
    d.granularity = granularity;
    d.adjacency = adjacency;
    d.parentId = parentId;
    d.levelName = levelName;
    d.weight = weight;
    d.modality = modality;
    d.location = location.length == 0 ? NO_LOCATION : location.clone();
    d.offset = offset;
    d.contentHash = contentHash;
    d.siblings = siblings;
    return d;
  }

  /** Documents are equal when every field is equal, recursively through chunks and matches. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Document)) {
      return false;
    }
    Document d = (Document) o;
    return id.equals(d.id) && Objects.equals(text, d.text) && Arrays.equals(buffer, d.buffer)
        && Objects.equals(blob, d.blob) && Objects.equals(embedding, d.embedding)
        && sameList(chunks, d.chunks) && sameList(matches, d.matches) && sameMap(tags, d.tags)
        && Objects.equals(score, d.score) && sameList(evaluations, d.evaluations)
        && mimeType.equals(d.mimeType) && uri.equals(d.uri) && granularity == d.granularity
        && adjacency == d.adjacency && parentId.equals(d.parentId) && levelName.equals(d.levelName)
        && Float.compare(weight, d.weight) == 0 && modality.equals(d.modality)
        && Arrays.equals(location, d.location) && offset == d.offset
        && contentHash.equals(d.contentHash) && siblings == d.siblings;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, text, Arrays.hashCode(buffer), blob, embedding, tags == null || tags.isEmpty() ? null : tags);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Document{id=").append(id);
    switch (contentType()) {
      case TEXT: b.append(", text=").append(text.length() > 40 ? text.substring(0, 40) + "…" : text); break;
      case BUFFER: b.append(", buffer=").append(buffer.length).append(" bytes"); break;
      case BLOB: b.append(", blob=").append(blob); break;
      default: break;
    }
    if (embedding != null) {
      b.append(", embedding=").append(embedding);
    }
    if (!isEmpty(chunks)) {
      b.append(", chunks=").append(chunks.size());
    }
    if (!isEmpty(matches)) {
      b.append(", matches=").append(matches.size());
    }
    if (tags != null && !tags.isEmpty()) {
      b.append(", tags=").append(tags);
    }
    if (score != null) {
      b.append(", score=").append(score.value());
    }
    return b.append('}').toString();
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  private static boolean sameList(List<?> a, List<?> b) {
    return isEmpty(a) ? isEmpty(b) : a.equals(b);
  }

  private static boolean sameMap(JsonMap a, JsonMap b) {
    return a == null || a.isEmpty() ? b == null || b.isEmpty() : a.equals(b);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
