package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs.LineFormat;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParseLinesTest {
  private static List<Document> parse(LineFormat format, String... lines) {
    List<Document> docs = new ArrayList<>();
    InputReaders.parseLines(List.of(lines).iterator(), format, "test.src").forEachRemaining(docs::add);
    return docs;
  }

  private static FlowException failure(LineFormat format, String... lines) {
    FlowException e = assertThrows(FlowException.class, () -> parse(format, lines));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    return e;
  }

  @Test
  void textLinesBecomeTextDocumentsAsTheyAre() {
    List<Document> docs = parse(LineFormat.TEXT, "hello", "", " two words ");

    assertEquals(List.of("hello", "", " two words "), docs.stream().map(Document::text).toList());
    assertEquals("text/plain", docs.get(0).mimeType());
  }

  @Test
  void jsonLinesBecomeDocumentsAndBlankLinesAreSkipped() {
    List<Document> docs = parse(LineFormat.JSON, "{\"id\": \"a\", \"text\": \"x\", \"tags\": {\"n\": 2}}", "", "  ",
        "{\"id\": \"b\", \"mimeType\": \"image/png\", \"chunks\": [{\"id\": \"b1\"}]}");

    assertEquals(2, docs.size());
    assertEquals("x", docs.get(0).text());
    assertEquals(2.0, docs.get(0).tags().get("n"));
    assertEquals("image/png", docs.get(1).mimeType());
    assertEquals("b1", docs.get(1).chunks().get(0).id());
  }

  @Test
  void aMalformedJsonLineIsReportedWithSourceLineAndColumn() {
    FlowException e = failure(LineFormat.JSON, "{\"id\": \"a\"}", "", "{\"id\": \"b\" \"text\": \"x\"}");
    assertEquals("test.src line 3: expected ',' or '}' but found '\"' at column 12", e.status().description());

    assertEquals("test.src line 1: expected a JSON object, got an array", failure(LineFormat.JSON, "[1]").status().description());
    assertEquals("test.src line 2: unknown field 'colour'; expected one of " + String.join(", ", DocumentJson.FIELDS),
        failure(LineFormat.JSON, "{}", "{\"colour\": 1}").status().description());
  }

  @Test
  void linesAreParsedLazily() {
    Iterator<String> lines = List.of("{\"id\": \"ok\"}", "not json").iterator();
    Iterator<Document> docs = InputReaders.parseLines(lines, LineFormat.JSON, "lazy");

    assertEquals("ok", docs.next().id());
    assertTrue(lines.hasNext(), "the second line is not read before it is needed");
    assertThrows(FlowException.class, docs::hasNext);
  }

  @Test
  void csvColumnsSetFieldsAndOtherColumnsBecomeTags() {
    List<Document> docs = parse(LineFormat.CSV,
        "id,text,mimeType,weight,color,notes",
        "1,\"hello, world\",text/plain,0.5,red,\"she said \"\"hi\"\"\"",
        "",
        ",,,,,");

    assertEquals(2, docs.size());
    Document first = docs.get(0);
    assertEquals("1", first.id());
    assertEquals("hello, world", first.text());
    assertEquals("text/plain", first.mimeType());
    assertEquals(0.5f, first.weight());
    assertEquals(Map.of("color", "red", "notes", "she said \"hi\""), first.tags());
    Document empty = docs.get(1);
    assertFalse(empty.id().isEmpty(), "an empty id cell gives a fresh id");
    assertEquals("", empty.text());
    assertEquals(0f, empty.weight());
    assertEquals(Map.of("color", "", "notes", ""), empty.tags());
  }

  @Test
  void aQuotedCsvFieldMaySpanLines() {
    List<Document> docs = parse(LineFormat.CSV, "text,n", "\"line one", "line two\",1", "plain,2");

    assertEquals(List.of("line one\nline two", "plain"), docs.stream().map(Document::text).toList());
    assertEquals("2", docs.get(1).tags().get("n"));
  }

  @Test
  void csvErrorsNameSourceAndLine() {
    assertEquals("test.src line 5: has 2 columns but the header has 3",
        failure(LineFormat.CSV, "a,b,c", "1,2,3", "\"x", "y\",2,3", "1,2").status().description());
    assertEquals("test.src line 2: 'weight' must be a number, got \"heavy\"",
        failure(LineFormat.CSV, "text,weight", "a,heavy").status().description());
    assertEquals("test.src line 2: a quoted field is not closed before the end of the input",
        failure(LineFormat.CSV, "text", "\"open", "still open").status().description());
    assertEquals("test.src line 2: unexpected 'x' after a closing quote at column 4; quote the whole field and double"
        + " the quotes inside it", failure(LineFormat.CSV, "a", "\"a\"x").status().description());
    assertEquals("test.src line 1: header names 'mime_type' twice",
        failure(LineFormat.CSV, "mime_type,mimeType").status().description());
    assertEquals("test.src line 1: header column 2 has no name", failure(LineFormat.CSV, "a,,b").status().description());
    assertTrue(failure(LineFormat.CSV, "id,tags").getMessage().contains("'tags' names a Document field that a CSV cell cannot hold"));
  }

  @Test
  void closingTheDocumentsClosesTheLines() throws Exception {
    ClosingLines lines = new ClosingLines(List.of("a", "b"));
    Iterator<Document> docs = InputReaders.parseLines(lines, LineFormat.TEXT, "closing");
    docs.next();

    ((AutoCloseable) docs).close();

    assertTrue(lines.closed);
  }

  @Test
  void aNullFormatIsRejected() {
    FlowException e = assertThrows(FlowException.class, () -> InputReaders.parseLines(List.<String>of().iterator(), null, "src"));
    assertTrue(e.getMessage().contains("line format of src is null"), e.getMessage());
  }

  /** Lines that record whether they were closed. */
  private static final class ClosingLines implements Iterator<String>, AutoCloseable {
    private final Iterator<String> lines;
    boolean closed;

    ClosingLines(List<String> lines) {
      this.lines = lines.iterator();
    }

    @Override
    public boolean hasNext() {
      return lines.hasNext();
    }

    @Override
    public String next() {
      return lines.next();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
