package dev.jflow.neural;

import dev.jflow.api.Document;
import java.util.ArrayList;
import java.util.List;

/** The documents that {@code traversal_paths} select: {@code r} the request's, {@code c} their chunks, {@code cc} theirs. */
final class Selection {
  private Selection() {}

  /** The documents each path selects under {@code roots}, path by path, in document order. */
  static List<Document> of(List<String> paths, List<Document> roots) {
    List<Document> out = new ArrayList<>();
    for (String path : paths) {
      add(roots, path.equals("r") ? 0 : path.length(), out);
    }
    return out;
  }

  private static void add(List<Document> level, int depth, List<Document> out) {
    for (Document d : level) {
      if (depth == 0) {
        out.add(d);
      } else {
        add(d.chunks(), depth - 1, out);
      }
    }
  }
}
