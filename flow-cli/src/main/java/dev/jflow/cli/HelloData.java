package dev.jflow.cli;

import dev.jflow.api.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.AbstractMap.SimpleEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hello demo's bundled data: the corpus ({@code hello-corpus.txt}: an id, a tab and a sentence per
 * line) and the labelled queries ({@code hello-queries.tsv}: a query, a tab and the ids of its relevant
 * sentences), both written for JFlow. Reading checks that every labelled id is in the corpus.
 */
final class HelloData {
  static final String CORPUS = "hello-corpus.txt";
  static final String QUERIES = "hello-queries.tsv";

  /** A query and the ids of the corpus sentences that answer it. */
  record Labelled(String text, List<String> relevant) {
    /** The query as a document paired with its groundtruth, whose matches are the relevant ids (RankingEvaluator's convention). */
    Map.Entry<Document, Document> pair() {
      Document truth = new Document();
      relevant.forEach(id -> truth.addMatches(Document.withId(id)));
      return new SimpleEntry<>(Document.ofText(text), truth);
    }
  }

  private final List<Document> corpus;
  private final List<Labelled> queries;

  private HelloData(List<Document> corpus, List<Labelled> queries) {
    this.corpus = corpus;
    this.queries = queries;
  }

  /** Reads both files from the jflow jar. */
  static HelloData load() {
    List<Document> corpus = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String[] f : fields(CORPUS)) {
      if (!ids.add(f[0])) {
        throw new IllegalStateException(CORPUS + " repeats the id " + f[0]);
      }
      corpus.add(Document.withId(f[0]).text(f[1]));
    }
    List<Labelled> queries = new ArrayList<>();
    for (String[] f : fields(QUERIES)) {
      List<String> relevant = List.of(f[1].split(","));
      for (String id : relevant) {
        if (!ids.contains(id)) {
          throw new IllegalStateException(QUERIES + " names " + id + " for '" + f[0] + "', which is not in " + CORPUS);
        }
      }
      queries.add(new Labelled(f[0], relevant));
    }
    return new HelloData(List.copyOf(corpus), List.copyOf(queries));
  }

  /** Fresh copies of the corpus documents (a Flow changes the documents it is given). */
  List<Document> corpus() {
    List<Document> copies = new ArrayList<>(corpus.size());
    corpus.forEach(d -> copies.add(d.copy()));
    return copies;
  }

  int corpusSize() {
    return corpus.size();
  }

  List<Labelled> queries() {
    return queries;
  }

  /** The non-comment lines of a bundled file, each split at its first tab into two non-blank fields. */
  private static List<String[]> fields(String name) {
    InputStream in = HelloData.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is missing from the jflow jar");
    }
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 2);
        if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
          throw new IllegalStateException(name + " line " + number + " is not two tab-separated fields: " + line);
        }
        out.add(new String[] {f[0].strip(), f[1].strip()});
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name + " from the jflow jar: " + e.getMessage(), e);
    }
    return out;
  }
}
