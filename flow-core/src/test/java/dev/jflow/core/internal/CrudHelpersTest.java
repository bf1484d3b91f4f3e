package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Factories;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CRUD helpers of {@link dev.jflow.api.CrudOperations}, called on real in-process Flows. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CrudHelpersTest {
  private static final CallOptions IN_ORDER = CallOptions.builder().resultsInOrder(true).build();

  @TempDir
  Path dir;

  /** What the spy executor saw of one request: its type, a copy of its documents, and its ids. */
  private record Seen(RequestType type, List<Document> docs, List<String> ids, Map<String, Object> parameters) {}

  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();

  /** A Flow with one pod whose executor records every request and leaves the documents as they are. */
  private Flow spyFlow() {
    return Flow.builder().name("crud").protocol("inprocess").add("spy", () -> spy()).build().start();
  }

  private Executor spy() {
    return request -> seen.add(new Seen(request.type(),
        request.docs().stream().map(Document::copy).collect(Collectors.toList()),
        List.copyOf(request.ids()), new LinkedHashMap<>(request.parameters())));
  }

  private List<Document> seenDocs() {
    return seen.stream().flatMap(s -> s.docs().stream()).collect(Collectors.toList());
  }

  private Set<RequestType> seenTypes() {
    return seen.stream().map(Seen::type).collect(Collectors.toSet());
  }

  private static List<Document> docs(List<Response> responses) {
    return responses.stream().flatMap(r -> r.docs().stream()).collect(Collectors.toList());
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  @Test
  void indexNdarrayMakesOneFloat32DocumentPerRow() {
    try (Flow f = spyFlow()) {
      List<Document> out = docs(f.indexNdarray(new float[][] {{1, 2, 3}, {4, 5, 6}}));

      assertEquals(2, out.size());
      assertEquals(2, seenDocs().size());
      assertEquals(Set.of(RequestType.INDEX), seenTypes());
      for (List<Document> ds : List.of(out, seenDocs())) {
        assertEquals(DType.FLOAT32, ds.get(0).blob().dtype());
        assertArrayEquals(new int[] {3}, ds.get(0).blob().shape());
        assertArrayEquals(new float[] {1, 2, 3}, ds.get(0).blob().toFloatArray());
        assertArrayEquals(new float[] {4, 5, 6}, ds.get(1).blob().toFloatArray());
      }
    }
  }

  @Test
  void indexNdarraySlicesAlongTheGivenAxisUpToSize() {
    NdArray matrix = NdArray.of(new int[] {0, 1, 2, 3, 4, 5}, 2, 3);
    try (Flow f = spyFlow()) {
      List<Document> out = docs(f.indexNdarray(matrix, 1, 2, false, IN_ORDER));

      assertEquals(2, out.size(), "size 2 of the 3 columns");
      assertEquals(DType.INT32, out.get(0).blob().dtype());
      assertArrayEquals(new int[] {2}, out.get(0).blob().shape());
      assertArrayEquals(new int[] {0, 3}, out.get(0).blob().toIntArray());
      assertArrayEquals(new int[] {1, 4}, out.get(1).blob().toIntArray());
      assertEquals(Set.of(RequestType.INDEX), seenTypes());
    }
  }

  @Test
  void indexLinesMakesTextDocuments() {
    try (Flow f = spyFlow()) {
      List<Document> out = docs(f.indexLines(List.of("alpha", "beta", "")));

      assertEquals(List.of("alpha", "beta", ""), out.stream().map(Document::text).toList());
      assertTrue(out.stream().allMatch(d -> d.mimeType().equals("text/plain")));
      assertEquals(List.of("alpha", "beta", ""), seenDocs().stream().map(Document::text).toList());
      assertEquals(Set.of(RequestType.INDEX), seenTypes());
    }
  }

  @Test
  void indexLinesOfAJsonFileReadsTagsAndNestedChunks() throws IOException {
    Path file = write("docs.ndjson",
        "{\"id\": \"a\", \"text\": \"hello world\", \"tags\": {\"lang\": \"en\", \"n\": 1},"
            + " \"chunks\": [{\"id\": \"a-0\", \"text\": \"hello\", \"chunks\": [{\"id\": \"a-0-0\", \"text\": \"h\"}]}]}\n"
            + "\n"
            + "{\"id\": \"b\", \"mime_type\": \"text/x-note\", \"text\": \"second\"}\n");
    try (Flow f = spyFlow()) {
      List<Document> out = docs(f.indexLines(file, Inputs.LineFormat.JSON, IN_ORDER));

      assertEquals(List.of("a", "b"), out.stream().map(Document::id).toList());
      Document a = out.get(0);
      assertEquals("hello world", a.text());
      assertEquals(Map.of("lang", "en", "n", 1.0), a.tags());
      assertEquals("a-0", a.chunks().get(0).id());
      assertEquals("hello", a.chunks().get(0).text());
      assertEquals("h", a.chunks().get(0).chunks().get(0).text());
      assertEquals("text/x-note", out.get(1).mimeType());
      assertEquals(out, seenDocs(), "the executor saw the same documents");
    }
  }

  @Test
  void indexCsvMapsColumnsToFieldsAndTags() throws IOException {
    Path file = write("docs.csv", "id,text,lang,mime_type\n1,hello,en,text/plain\n2,\"a, b\",fr,\n");
    try (Flow f = spyFlow()) {
      List<Document> out = docs(f.indexCsv(file, IN_ORDER));

      assertEquals(2, out.size());
      Document first = out.get(0);
      assertEquals("1", first.id());
      assertEquals("hello", first.text());
      assertEquals("text/plain", first.mimeType());
      assertEquals(Map.of("lang", "en"), first.tags());
      Document second = out.get(1);
      assertEquals("2", second.id());
      assertEquals("a, b", second.text());
      assertEquals("", second.mimeType());
      assertEquals(Map.of("lang", "fr"), second.tags());
      assertEquals(Set.of(RequestType.INDEX), seenTypes());
    }
  }

  @Test
  void indexNdjsonReadsOneDocumentPerLine() throws IOException {
    Path file = write("more.ndjson", "{\"id\": \"x\", \"tags\": {\"k\": [1, \"two\"]}}\n{\"id\": \"y\", \"weight\": 0.5}\n");
    try (Flow f = spyFlow()) {
      List<Document> out = docs(f.indexNdjson(file, IN_ORDER));

      assertEquals(List.of("x", "y"), out.stream().map(Document::id).toList());
      assertEquals(List.of(1.0, "two"), out.get(0).tags().get("k"));
      assertEquals(0.5f, out.get(1).weight());
      assertEquals(Set.of(RequestType.INDEX), seenTypes());
    }
  }

  @Test
  void indexFilesMakesOneBytesDocumentPerMatchingFile() throws IOException {
    Path top = write("top.txt", "top");
    Path nested = write("sub/deeper/nested.txt", "nested\n");
    write("sub/image.png", "not text");
    try (Flow f = spyFlow()) {
      List<Document> out = docs(f.indexFiles(List.of(dir + "/**/*.txt"), true, IN_ORDER));

      Map<String, Document> byUri = out.stream().collect(Collectors.toMap(Document::uri, Function.identity()));
      assertEquals(Set.of(top.toAbsolutePath().normalize().toString(), nested.toAbsolutePath().normalize().toString()),
          byUri.keySet());
      Document n = byUri.get(nested.toAbsolutePath().normalize().toString());
      assertEquals(Document.ContentType.BUFFER, n.contentType());
      assertArrayEquals("nested\n".getBytes(StandardCharsets.UTF_8), n.buffer());
      assertTrue(out.stream().allMatch(d -> d.mimeType().equals("text/plain")), "mime types: "
          + out.stream().map(Document::mimeType).toList());
      assertEquals(2, seenDocs().size());
    }
  }

  @Test
  void aMalformedNdjsonLineFailsTheCallNamingFileAndLineAndTheFlowServesOn() throws IOException {
    Path file = write("bad.ndjson", "{\"id\": \"ok\"}\n{\"id\": }\n{\"id\": \"never\"}\n");
    try (Flow f = spyFlow()) {
      FlowException e = assertThrows(FlowException.class, () -> f.indexNdjson(file, CallOptions.defaults()));

      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertTrue(e.getMessage().contains(file + " line 2"), e.getMessage());

      List<Document> next = docs(f.indexLines(List.of("after")));
      assertEquals("after", next.get(0).text());
      assertTrue(seenDocs().stream().anyMatch(d -> "after".equals(d.text())));
      assertTrue(seenDocs().stream().noneMatch(d -> d.id().equals("never")));
    }
  }

  @Test
  void searchHelpersSendSearchRequests() throws IOException {
    Path ndjson = write("q.ndjson", "{\"id\": \"q1\", \"text\": \"query\"}\n");
    Path csv = write("q.csv", "id,text\nq2,query\n");
    Path txt = write("files/q.txt", "query");
    NdArray matrix = NdArray.of(new float[] {1, 2, 3, 4}, 2, 2);
    Map<String, Function<Flow, List<Response>>> calls = new LinkedHashMap<>();
    calls.put("search(Iterable, topK)", f -> f.search(List.of(Document.ofText("q")), 3));
    calls.put("search(Inputs)", f -> f.search(Inputs.of(Document.ofText("q"))));
    calls.put("searchNdarray(float[][])", f -> f.searchNdarray(new float[][] {{1, 2}}, CallOptions.defaults()));
    calls.put("searchNdarray(NdArray)", f -> f.searchNdarray(matrix, 0, -1, true, CallOptions.defaults()));
    calls.put("searchLines(Iterable)", f -> f.searchLines(List.of("q"), Inputs.LineFormat.TEXT, CallOptions.defaults()));
    calls.put("searchLines(Path)", f -> f.searchLines(ndjson, Inputs.LineFormat.JSON, CallOptions.defaults()));
    calls.put("searchCsv", f -> f.searchCsv(csv, CallOptions.defaults()));
    calls.put("searchNdjson", f -> f.searchNdjson(ndjson, CallOptions.defaults()));
    calls.put("searchFiles", f -> f.searchFiles(List.of(dir + "/files/*.txt"), false, CallOptions.defaults()));

    try (Flow f = spyFlow()) {
      for (Map.Entry<String, Function<Flow, List<Response>>> call : calls.entrySet()) {
        seen.clear();
        List<Response> responses = call.getValue().apply(f);

        assertFalse(seen.isEmpty(), call.getKey());
        assertEquals(Set.of(RequestType.SEARCH), seenTypes(), call.getKey());
        assertTrue(responses.stream().allMatch(r -> r.type() == RequestType.SEARCH), call.getKey());
        assertFalse(docs(responses).isEmpty(), call.getKey());
      }
      seen.clear();
      f.search(List.of(Document.ofText("q")), 3);
      assertEquals(3.0, seen.peek().parameters().get(Request.TOP_K), "search(queries, topK) sends top_k");
      assertEquals(2, docs(f.searchNdarray(matrix, 0, -1, true, CallOptions.defaults())).size());
    }
  }

  @Test
  void updateTrainAndIndexSendTheirTypes() {
    try (Flow f = spyFlow()) {
      f.update(List.of(Document.withId("u")));
      f.train(List.of(Document.withId("t")));
      f.index(List.of(Document.withId("i")));
      assertEquals(List.of(RequestType.UPDATE, RequestType.TRAIN, RequestType.INDEX),
          seen.stream().map(Seen::type).toList());
    }
  }

  @Test
  void deleteSendsTheIdsInBatchesOfRequestSize() {
    List<String> ids = IntStream.range(0, 250).mapToObj(i -> "id-" + i).toList();
    try (Flow f = spyFlow()) {
      List<Response> responses = f.delete(ids, CallOptions.builder().requestSize(100).build());

      assertEquals(Set.of(RequestType.DELETE), seenTypes());
      assertEquals(List.of(50, 100, 100), seen.stream().map(s -> s.ids().size()).sorted().toList());
      List<String> all = seen.stream().flatMap(s -> s.ids().stream()).toList();
      assertEquals(250, all.size());
      assertEquals(new HashSet<>(ids), new HashSet<>(all), "every id once");
      assertTrue(seen.stream().allMatch(s -> s.docs().isEmpty()), "a DELETE request carries ids, not documents");
      assertEquals(3, responses.size());
      assertTrue(responses.stream().allMatch(r -> r.type() == RequestType.DELETE && !r.isError()));
    }
  }

  @Test
  void deleteWithDefaultOptionsSendsOneRequestOfUpToAHundredIds() {
    try (Flow f = spyFlow()) {
      f.delete(List.of("a", "b", "c"));
      assertEquals(1, seen.size());
      assertEquals(List.of("a", "b", "c"), seen.peek().ids());
    }
  }

  @Test
  void anEmptyDeleteIdFailsTheCall() {
    try (Flow f = spyFlow()) {
      FlowException e = assertThrows(FlowException.class, () -> f.delete(List.of("a", "")));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertTrue(e.getMessage().contains("delete ids must be non-empty strings"), e.getMessage());
    }
  }

  @Test
  void theBuildersFindFlowCoreThroughServiceLoader() throws Exception {
    assertInstanceOf(CoreFlowFactory.class, Factories.flowFactory());

    try (AsyncFlow async = AsyncFlow.builder().name("loaded").protocol("inprocess").add("spy", () -> spy()).build()) {
      assertFalse(async.isRunning());
      async.start().get(10, TimeUnit.SECONDS);
      assertTrue(async.isRunning());
      List<Response> out = async.index(List.of(Document.withId("via-async"))).get(10, TimeUnit.SECONDS);
      assertEquals("via-async", docs(out).get(0).id());
    }

    try (Flow blocking = Flow.builder().protocol("inprocess").add("spy", () -> spy()).build().start()) {
      assertTrue(blocking.async().isRunning());
      assertEquals("via-flow", docs(blocking.index(List.of(Document.withId("via-flow")))).get(0).id());
    }
    assertEquals(List.of("via-async", "via-flow"), seenDocs().stream().map(Document::id).toList());
  }

  @Test
  void aClientConnectsToARunningFlowIndexesAndCloses() throws Exception {
    try (Flow f = spyFlow()) {
      Client client = Client.connect("inprocess", f.async().gatewayAddress().host(), 0);
      try {
        List<Document> sent = IntStream.range(0, 5).mapToObj(i -> Document.withId("c" + i).text("doc " + i)).toList();

        List<Response> out = client.index(Inputs.of(sent), IN_ORDER).get(10, TimeUnit.SECONDS);

        assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), docs(out).stream().map(Document::id).toList());
        assertEquals("doc 3", docs(out).get(3).text());
        assertEquals(5, seenDocs().size());
        assertEquals("inprocess", client.config().protocol());
      } finally {
        client.close();
      }
      client.close();

      CompletableFuture<List<Response>> afterClose = client.index(List.of(Document.withId("late")));
      assertEquals(Status.Code.FAILED_PRECONDITION, Await.failure(afterClose, Duration.ofSeconds(10)).code());
      assertEquals(5, seenDocs().size(), "nothing reached the Flow after the client closed");
      assertTrue(f.async().isRunning(), "closing a client leaves the Flow running");
    }
  }

  @Test
  void requestSizeCutsIndexCallsAndEveryDocumentArrivesOnce() {
    List<Document> many = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add(Document.withId("d" + i));
    }
    try (Flow f = spyFlow()) {
      List<Response> out = f.index(Inputs.of(many), CallOptions.builder().requestSize(10).resultsInOrder(true).build());
      assertEquals(List.of(10, 10, 5), out.stream().map(r -> r.docs().size()).toList());
      assertEquals(many.stream().map(Document::id).toList(), docs(out).stream().map(Document::id).toList());
    }
  }
}
