package dev.jflow.api.internal;

import dev.jflow.api.Document;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.RandomAccess;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The documents of a request: a mutable list that may start as its <em>wire form</em> (the documents of
 * the message it was decoded from, kept as they arrived) and becomes documents on first use. While
 * nobody has looked at them, a transport encodes the wire form as it is ({@link #wire(List)}), so a pod
 * that only passes a request on (a {@code _pass} pod, a gateway forwarding to a remote pod) neither
 * decodes nor re-encodes its documents. {@link #size()}, {@link #estimatedBytes(List)}, {@link #clear()}
 * and taking over a detached list's wire form do not decode; any other use does, once, and from then on
 * the list is a plain list of documents that may be changed (so the wire form is dropped: a document
 * read out may be changed in place).
 *
 * <p>Like an {@link ArrayList} it is not meant for concurrent changes, but concurrent readers are safe:
 * the one decode runs under the list's lock. Two lists may share one wire form (a copy for another
 * shard does): each decodes its own documents from it.
 */
public final class DocumentList extends AbstractList<Document> implements RandomAccess {
  /** The documents of a decoded message as they arrived: immutable, shareable, decoded on demand. */
  public interface Wire {
    /** How many documents it holds. */
    int size();

    /** About how many bytes its documents take on the wire (cheap after the first call). */
    long bytes();

    /** Its documents, decoded afresh: a new mutable list of new documents on every call. */
    List<Document> decode();
  }

  private volatile Wire wire; // non-null while not decoded
  private volatile ArrayList<Document> docs; // null while not decoded
  private final boolean detached; // a codec's or a copy's list, no request's yet: a builder may take its wire form

  /** An empty list of documents. */
  public DocumentList() {
    this.docs = new ArrayList<>();
    this.detached = false;
  }

  /**
   * A detached list holding {@code wire}'s documents, decoded on first use: a list no request holds yet
   * (a codec's or a copy's), whose wire form an empty list it is added to takes over instead of decoding
   * it. A request's own lists are never detached, so adding one to another request shares its documents.
   */
  public DocumentList(Wire wire) {
    this.wire = java.util.Objects.requireNonNull(wire, "wire");
    this.detached = true;
  }

  /**
   * The untouched wire form behind {@code list} (a DocumentList, or a read-only view of one), or null
   * when it has none: it was never decoded from a message, or it was used since.
   */
  public static Wire wire(List<Document> list) {
    if (list instanceof ReadOnly) {
      list = ((ReadOnly) list).list;
    }
    if (list instanceof DocumentList) {
      DocumentList l = (DocumentList) list;
      return l.docs == null ? l.wire : null;
    }
    return null;
  }

  /** A read-only view of {@code list}; the view of a DocumentList still shows its wire form to {@link #wire(List)}. */
  public static List<Document> readOnly(List<Document> list) {
    if (list instanceof ReadOnly) {
      return list;
    }
    return list instanceof DocumentList ? new ReadOnly(list) : java.util.Collections.unmodifiableList(list);
  }

  /**
   * A copy of {@code list} for another branch that may change its documents: one sharing the wire form
   * when the list is untouched (nothing is decoded or copied), else deep copies of its documents.
   */
  public static DocumentList copyOf(List<Document> list) {
    Wire w = wire(list);
    if (w != null) {
      return new DocumentList(w); // detached: the copy's request takes it over
    }
    DocumentList copy = new DocumentList();
    copy.docs.ensureCapacity(list.size());
    list.forEach(d -> copy.docs.add(d.copy()));
    return copy;
  }

  /**
   * Replaces what {@code target} holds with {@code source}'s documents (its wire form when untouched,
   * so nothing is decoded); {@code source} may be a view of {@code target} itself.
   */
  public static void replace(List<Document> target, List<Document> source) {
    Wire w = wire(source);
    if (w != null && target instanceof DocumentList) {
      ((DocumentList) target).reset(w);
      return;
    }
    List<Document> copy = new ArrayList<>(source); // source may be a view of target
    target.clear();
    target.addAll(copy);
  }

  /**
   * A cheap estimate of the bytes {@code list}'s documents hold: the wire form's size while untouched,
   * else the sum of {@link Document#estimatedBytes()}.
   */
  public static long estimatedBytes(List<Document> list) {
    Wire w = wire(list);
    if (w != null) {
      return w.bytes();
    }
    long total = 0;
    for (Document d : list) {
      total += d.estimatedBytes();
    }
    return total;
  }

  private synchronized void reset(Wire w) {
    wire = w;
    docs = null;
  }

  /** The documents, decoded now if they were not yet. */
  private ArrayList<Document> docs() {
    ArrayList<Document> d = docs;
    return d != null ? d : decodeNow();
  }

  private synchronized ArrayList<Document> decodeNow() {
    if (docs == null) {
      docs = new ArrayList<>(wire.decode());
      wire = null;
    }
    return docs;
  }

  @Override
  public int size() {
    ArrayList<Document> d = docs;
    if (d != null) {
      return d.size();
    }
    Wire w = wire;
    return w != null ? w.size() : docs().size();
  }

  @Override
  public Document get(int index) {
    return docs().get(index);
  }

  @Override
  public Document set(int index, Document element) {
    return docs().set(index, element);
  }

  @Override
  public void add(int index, Document element) {
    docs().add(index, element);
  }

  @Override
  public boolean add(Document element) {
    return docs().add(element);
  }

  @Override
  public Document remove(int index) {
    return docs().remove(index);
  }

  /**
   * Adds {@code c}'s documents (the same document objects); an empty list takes an untouched detached
   * list's wire form instead of decoding it.
   */
  @Override
  public boolean addAll(Collection<? extends Document> c) {
    if (c instanceof DocumentList && ((DocumentList) c).detached) {
      Wire w = wire((DocumentList) c);
      if (w != null && w != wire && adoptIfEmpty(w)) {
        return w.size() > 0;
      }
    }
    return docs().addAll(c);
  }

  private synchronized boolean adoptIfEmpty(Wire w) {
    if (docs == null || !docs.isEmpty()) {
      return false;
    }
    reset(w);
    return true;
  }

  @Override
  public void clear() {
    synchronized (this) {
      ArrayList<Document> d = docs;
      if (d != null) {
        d.clear();
      } else {
        docs = new ArrayList<>(); // set before the wire is dropped: wire(list) reads docs first
      }
      wire = null;
    }
  }

  @Override
  public Iterator<Document> iterator() {
    return docs().iterator();
  }

  @Override
  public ListIterator<Document> listIterator() {
    return docs().listIterator();
  }

  @Override
  public ListIterator<Document> listIterator(int index) {
    return docs().listIterator(index);
  }

  @Override
  public List<Document> subList(int fromIndex, int toIndex) {
    return docs().subList(fromIndex, toIndex);
  }

  @Override
  public Spliterator<Document> spliterator() {
    return docs().spliterator();
  }

  @Override
  public void forEach(Consumer<? super Document> action) {
    docs().forEach(action);
  }

  @Override
  public boolean removeIf(Predicate<? super Document> filter) {
    return docs().removeIf(filter);
  }

  @Override
  public void replaceAll(UnaryOperator<Document> operator) {
    docs().replaceAll(operator);
  }

  @Override
  public void sort(Comparator<? super Document> c) {
    docs().sort(c);
  }

  @Override
  public Object[] toArray() {
    return docs().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return docs().toArray(a);
  }

  @Override
  public int indexOf(Object o) {
    return docs().indexOf(o);
  }

  @Override
  public boolean contains(Object o) {
    return docs().contains(o);
  }

  /** A read-only view that {@link #wire(List)} sees through. */
  private static final class ReadOnly extends AbstractList<Document> implements RandomAccess {
    private final List<Document> list;

    ReadOnly(List<Document> list) {
      this.list = list;
    }

    @Override
    public Document get(int index) {
      return list.get(index);
    }

    @Override
    public int size() {
      return list.size();
    }

    @Override
    public Iterator<Document> iterator() {
      Iterator<Document> i = list.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return i.hasNext();
        }

        @Override
        public Document next() {
          return i.next();
        }
      };
    }

    @Override
    public void forEach(Consumer<? super Document> action) {
      list.forEach(action);
    }

    @Override
    public Object[] toArray() {
      return list.toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
      return list.toArray(a);
    }
  }
}
