package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.jflow.api.testing.Collecting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsReadersTest {
  @TempDir
  Path dir;

  /** Everything the inputs publish; with {@code Runnable::run} it all happens inside subscribe. None has a groundtruth. */
  private static Collecting<Input> collect(Inputs inputs) {
    Collecting<Input> c = Collecting.all();
    inputs.publisher(Runnable::run).subscribe(c);
    c.items.forEach(item -> assertNull(item.groundtruth()));
    return c;
  }

  private static List<Document> documents(Collecting<Input> c) {
    return c.items.stream().map(Input::document).toList();
  }

  @Test
  void anNdjsonFileIsPublishedAsDocuments() throws IOException {
    Path file = Files.writeString(dir.resolve("docs.ndjson"),
        "{\"id\": \"1\", \"text\": \"one\"}\n\n{\"id\": \"2\", \"tags\": {\"lang\": \"en\"}}\n");

    Collecting<Input> c = collect(Inputs.lines(file, Inputs.LineFormat.JSON));

    assertTrue(c.completions() > 0, "completed: " + c.error());
    assertEquals(List.of("1", "2"), documents(c).stream().map(Document::id).toList());
    assertEquals("one", documents(c).get(0).text());
    assertEquals("en", documents(c).get(1).tags().get("lang"));
  }

  @Test
  void aMalformedLineEndsThePublisherWithAnErrorNamingFileAndLine() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.ndjson"), "{\"id\": \"1\"}\n{\"id\": }\n");

    Collecting<Input> c = collect(Inputs.ndjson(file));

    assertEquals(1, documents(c).size());
    FlowException e = assertInstanceOf(FlowException.class, c.error());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals(file + " line 2: expected a value but found '}' at column 8", e.status().description());
  }

  @Test
  void aCsvFileAndAnArrayArePublishedAsDocuments() throws IOException {
    Path file = Files.writeString(dir.resolve("rows.csv"), "id,text,label\na,\"x, y\",cat\n");
    Collecting<Input> csv = collect(Inputs.csv(file));
    assertEquals("x, y", documents(csv).get(0).text());
    assertEquals("cat", documents(csv).get(0).tags().get("label"));

    Collecting<Input> array = collect(Inputs.ndarray(NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), 1, -1, false));
    assertEquals(List.of(NdArray.of(new float[] {1, 3, 5}), NdArray.of(new float[] {2, 4, 6})),
        documents(array).stream().map(Document::blob).toList());
  }

  @Test
  void filesArePublishedAsDocuments() throws IOException {
    Files.write(dir.resolve("x.png"), new byte[] {7});

    Collecting<Input> c = collect(Inputs.files(dir + "/**/*.png"));

    assertTrue(c.completions() > 0);
    assertEquals(dir.resolve("x.png").toString(), documents(c).get(0).uri());
    assertEquals("image/png", documents(c).get(0).mimeType());
  }
}
