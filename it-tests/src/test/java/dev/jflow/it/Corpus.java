package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Documents for the tests: document {@code i} has id {@code doc-i} and a text no other document has,
 * so searching with that text must find {@code doc-i} first, with a cosine score of 1.
 */
final class Corpus {
  /** The embedding size the tests' encoders use. */
  static final int DIM = 128;
  private static final String[] SUBJECTS = {"cat", "dog", "fox", "owl", "bee", "eel", "yak", "elk", "ant", "bat", "cod"};
  private static final String[] VERBS = {"sleeps", "runs", "sings", "hides", "waits", "jumps", "reads"};
  private static final String[] PLACES = {"garden", "harbour", "library", "market", "forest"};

  private Corpus() {}

  /** The text of document {@code i}. */
  static String text(int i) {
    return "the " + SUBJECTS[i % SUBJECTS.length] + " " + VERBS[i / SUBJECTS.length % VERBS.length] + " in the "
        + PLACES[i / (SUBJECTS.length * VERBS.length) % PLACES.length] + " item" + i;
  }

  /** Document {@code i}. */
  static Document doc(int i) {
    return Document.ofText(text(i)).id("doc-" + i);
  }

  /** Documents {@code from} to {@code to - 1}. */
  static List<Document> docs(int from, int to) {
    return IntStream.range(from, to).mapToObj(Corpus::doc).collect(java.util.stream.Collectors.toList());
  }

  /** A query for document {@code i}: its text, id {@code q-i}. */
  static Document query(int i) {
    return Document.ofText(text(i)).id("q-" + i);
  }

  /** Queries for documents {@code from} to {@code to - 1}. */
  static List<Document> queries(int from, int to) {
    return IntStream.range(from, to).mapToObj(Corpus::query).collect(java.util.stream.Collectors.toList());
  }

  /** The number in an id {@code doc-i} or {@code q-i}. */
  static int number(String id) {
    return Integer.parseInt(id.substring(id.indexOf('-') + 1));
  }

  /**
   * Asserts that the search responses answer exactly the queries {@code expected} (numbers), each with
   * {@code topK} matches, the first being its document (same id and text, score 1).
   */
  static void assertFound(List<Response> responses, List<Integer> expected, int topK) {
    Map<Integer, Document> answered = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Response r : responses) {
      assertFalse(r.isError(), () -> "search request " + r.requestId() + " failed: " + r.status());
      for (Document q : r.docs()) {
        answered.put(number(q.id()), q);
      }
    }
    assertEquals(expected.stream().sorted().toList(), answered.keySet().stream().sorted().toList(), "the queries answered");
    for (int i : expected) {
      Document q = answered.get(i);
      if (q.matches().size() != topK) {
        problems.add("q-" + i + " has " + q.matches().size() + " matches, not " + topK);
        continue;
      }
      Document best = q.matches().get(0);
      if (!best.id().equals("doc-" + i) || !text(i).equals(best.text()) || Math.abs(best.score().value() - 1f) > 1e-4) {
        problems.add("q-" + i + " best match is " + best.id() + " '" + best.text() + "' score " + best.score().value());
      }
    }
    assertTrue(problems.isEmpty(), () -> problems.size() + " queries without their document first: " + problems);
  }
}
