package dev.jflow.executors;

import dev.jflow.api.Document;
import java.util.ArrayList;
import java.util.List;

/**
 * Jina's {@code traversal_paths}: which documents of a request an executor works on. {@code r} is the
 * request's documents, {@code c} their chunks, {@code cc} the chunks' chunks, and so on.
 */
final class Traversal {
  /** The request's own documents, {@code [r]}. */
  static final Traversal ROOTS = new Traversal(List.of("r"));

  private final List<String> paths;

  private Traversal(List<String> paths) {
    this.paths = paths;
  }

  /** The {@code traversal_paths} argument; {@code [r]} by default. */
  static Traversal of(Args args) {
    List<String> paths = args.strings("traversal_paths", List.of("r"));
    for (String p : paths) {
      if (!p.matches("r|c+")) {
        throw args.bad("traversal_paths", "a list of 'r', 'c', 'cc', ...", args.with().get("traversal_paths"));
      }
    }
    return new Traversal(List.copyOf(paths));
  }

  /** The documents the paths select under {@code roots}, each path's in order. */
  List<Document> select(List<Document> roots) {
    if (paths.size() == 1 && paths.get(0).equals("r")) {
      return roots;
    }
    List<Document> out = new ArrayList<>();
    for (String p : paths) {
      List<Document> level = roots;
      if (!p.equals("r")) {
        for (int depth = 0; depth < p.length(); depth++) {
          List<Document> next = new ArrayList<>();
          level.forEach(d -> next.addAll(d.chunks()));
          level = next;
        }
      }
      out.addAll(level);
    }
    return out;
  }
}
