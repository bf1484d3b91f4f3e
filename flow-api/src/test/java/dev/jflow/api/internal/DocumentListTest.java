package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jflow.api.Document;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DocumentListTest {

  /** A wire form of {@code n} documents that counts its decodes. */
  private static final class CountingWire implements DocumentList.Wire {
    final int n;
    final AtomicInteger decodes = new AtomicInteger();

    CountingWire(int n) {
      this.n = n;
    }

    @Override
    public int size() {
      return n;
    }

    @Override
    public long bytes() {
      return 100L * n;
    }

    @Override
    public List<Document> decode() {
      decodes.incrementAndGet();
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        docs.add(Document.withId("d" + i).text("t" + i));
      }
      return docs;
    }
  }

  @Test
  void sizeAndBytesDoNotDecode() {
    CountingWire w = new CountingWire(3);
    DocumentList list = new DocumentList(w);
    assertEquals(3, list.size());
    assertEquals(300, DocumentList.estimatedBytes(list));
    assertSame(w, DocumentList.wire(list));
    assertEquals(0, w.decodes.get());
  }

  @Test
  void readingDecodesOnceAndDropsTheWire() {
    CountingWire w = new CountingWire(3);
    DocumentList list = new DocumentList(w);
    Document first = list.get(0);
    first.text("changed in place");
    assertNull(DocumentList.wire(list), "a document read out may be changed, so the wire form no longer holds");
    assertSame(first, list.get(0));
    list.forEach(d -> { });
    assertEquals(1, w.decodes.get());
    assertEquals(3, list.size());
  }

  @Test
  void changesWorkLikeAList() {
    DocumentList list = new DocumentList(new CountingWire(2));
    list.add(Document.withId("x"));
    list.remove(0);
    assertEquals(List.of("d1", "x"), list.stream().map(Document::id).toList());
    list.clear();
    assertEquals(0, list.size());
    assertNull(DocumentList.wire(list));
    list.add(Document.withId("y"));
    assertEquals("y", list.get(0).id());
  }

  @Test
  void copiesShareTheWireAndDecodeTheirOwnDocuments() {
    CountingWire w = new CountingWire(2);
    DocumentList list = new DocumentList(w);
    DocumentList copy = DocumentList.copyOf(list);
    assertSame(w, DocumentList.wire(copy));
    copy.get(0).text("only the copy");
    assertEquals("t0", list.get(0).text());
    assertNotSame(list.get(0), copy.get(0));
    assertEquals(2, w.decodes.get());
  }

  @Test
  void decodedListsAreCopiedDeeply() {
    DocumentList list = new DocumentList();
    list.add(Document.withId("a").text("x"));
    DocumentList copy = DocumentList.copyOf(list);
    copy.get(0).text("y");
    assertEquals("x", list.get(0).text());
  }

  @Test
  void aRequestBuiltFromUntouchedDocumentsKeepsTheWire() {
    CountingWire w = new CountingWire(4);
    Request r = Request.builder(RequestType.INDEX).docs(new DocumentList(w)).build();
    assertSame(w, DocumentList.wire(r.docs()));
    assertEquals(400 + 64, r.estimatedBytes());
    Response answer = Response.of(r, Status.SUCCESS, List.of());
    assertSame(w, DocumentList.wire(answer.docs()), "the response's read-only view still shows the wire form");
    assertThrows(UnsupportedOperationException.class, () -> answer.docs().add(Document.withId("z")));
    assertEquals(0, w.decodes.get());
  }

  @Test
  void aRequestBuiltFromAnotherRequestsDocumentsSharesTheDocuments() {
    CountingWire w = new CountingWire(2);
    Request first = Request.builder(RequestType.INDEX).docs(new DocumentList(w)).build();
    Request second = Request.of(RequestType.INDEX, first.docs());
    first.docs().forEach(d -> d.tag("seen", true)); // changes made through the first request...
    assertEquals(true, second.docs().get(1).tags().get("seen"), "...are the second's: the same documents");
    assertNull(DocumentList.wire(second.docs()));
    assertEquals(1, w.decodes.get());
  }

  @Test
  void addingToANonEmptyListDecodes() {
    CountingWire w = new CountingWire(2);
    DocumentList list = new DocumentList();
    list.add(Document.withId("first"));
    list.addAll(new DocumentList(w));
    assertEquals(List.of("first", "d0", "d1"), list.stream().map(Document::id).toList());
    assertEquals(1, w.decodes.get());
  }

  @Test
  void replaceTakesTheWireOrTheDocuments() {
    CountingWire w = new CountingWire(2);
    DocumentList target = new DocumentList();
    target.add(Document.withId("old"));
    DocumentList.replace(target, DocumentList.readOnly(new DocumentList(w)));
    assertSame(w, DocumentList.wire(target));
    DocumentList.replace(target, DocumentList.readOnly(target)); // a view of itself
    assertEquals(List.of("d0", "d1"), target.stream().map(Document::id).toList());
    List<Document> plain = new ArrayList<>(List.of(Document.withId("p")));
    DocumentList.replace(target, plain);
    assertEquals(List.of("p"), target.stream().map(Document::id).toList());
  }

  @Test
  void concurrentReadersDecodeOnce() throws Exception {
    for (int round = 0; round < 50; round++) {
      CountingWire w = new CountingWire(50);
      DocumentList list = new DocumentList(w);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Document>> reads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          reads.add(pool.submit(() -> {
            go.await();
            return list.get(7);
          }));
        }
        go.countDown();
        Document seen = reads.get(0).get();
        for (Future<Document> f : reads) {
          assertSame(seen, f.get(), "every reader sees the same documents");
        }
        assertEquals(1, w.decodes.get());
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
