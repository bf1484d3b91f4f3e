package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsReadersTest {
  @TempDir
  Path dir;

  /** Requests everything and records what arrives; with {@code Runnable::run} it all happens inside subscribe. */
  private static final class Collector implements Flow.Subscriber<Input> {
    final List<Document> documents = new ArrayList<>();
    Throwable error;
    boolean completed;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Input item) {
      assertNull(item.groundtruth());
      documents.add(item.document());
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onComplete() {
      completed = true;
    }
  }

  private static Collector collect(Inputs inputs) {
    Collector c = new Collector();
    inputs.publisher(Runnable::run).subscribe(c);
    return c;
  }

  @Test
  void anNdjsonFileIsPublishedAsDocuments() throws IOException {
    Path file = Files.writeString(dir.resolve("docs.ndjson"),
        "{\"id\": \"1\", \"text\": \"one\"}\n\n{\"id\": \"2\", \"tags\": {\"lang\": \"en\"}}\n");

    Collector c = collect(Inputs.lines(file, Inputs.LineFormat.JSON));

    assertTrue(c.completed, "completed: " + c.error);
    assertEquals(List.of("1", "2"), c.documents.stream().map(Document::id).toList());
    assertEquals("one", c.documents.get(0).text());
    assertEquals("en", c.documents.get(1).tags().get("lang"));
  }

  @Test
  void aMalformedLineEndsThePublisherWithAnErrorNamingFileAndLine() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.ndjson"), "{\"id\": \"1\"}\n{\"id\": }\n");

    Collector c = collect(Inputs.ndjson(file));

    assertEquals(1, c.documents.size());
    FlowException e = assertInstanceOf(FlowException.class, c.error);
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals(file + " line 2: expected a value but found '}' at column 8", e.status().description());
  }

  @Test
  void aCsvFileAndAnArrayArePublishedAsDocuments() throws IOException {
    Path file = Files.writeString(dir.resolve("rows.csv"), "id,text,label\na,\"x, y\",cat\n");
    Collector csv = collect(Inputs.csv(file));
    assertEquals("x, y", csv.documents.get(0).text());
    assertEquals("cat", csv.documents.get(0).tags().get("label"));

    Collector array = collect(Inputs.ndarray(NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), 1, -1, false));
    assertEquals(List.of(NdArray.of(new float[] {1, 3, 5}), NdArray.of(new float[] {2, 4, 6})),
        array.documents.stream().map(Document::blob).toList());
  }

  @Test
  void filesArePublishedAsDocuments() throws IOException {
    Files.write(dir.resolve("x.png"), new byte[] {7});

    Collector c = collect(Inputs.files(dir + "/**/*.png"));

    assertTrue(c.completed);
    assertEquals(dir.resolve("x.png").toString(), c.documents.get(0).uri());
    assertEquals("image/png", c.documents.get(0).mimeType());
  }
}
