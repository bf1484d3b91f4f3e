package dev.jflow.api.internal;

import dev.jflow.api.Document;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads CSV lines: the first record is the header; each further record is a document whose columns
 * named like scalar Document fields ({@code id}, {@code text}, {@code mime_type} or {@code mimeType},
 * {@code weight}, ...) set those fields, and whose other columns become string tags. Blank lines are
 * skipped; a quoted field may span lines.
 */
final class CsvLines extends LineParser {
  private static final Set<String> FIELDS = Set.of("id", "text", "buffer", "uri", "mime_type", "weight",
      "modality", "granularity", "adjacency", "parent_id", "level_name", "offset", "siblings", "content_hash");

  private List<String> header;
  private List<String> fields;

  CsvLines(Iterator<String> lines, String sourceName) {
    super(lines, sourceName);
  }

  @Override
  Document parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    List<String> cells = record(line);
    if (header == null) {
      readHeader(cells);
      return null;
    }
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("has " + cells.size() + " columns but the header has " + header.size());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    Map<String, Object> tags = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      String field = fields.get(i);
      if (field == null) {
        tags.put(header.get(i), cells.get(i));
      } else if (!cells.get(i).isEmpty() || field.equals("text")) {
        // an empty cell leaves the field at its default (a fresh id, weight 0, ...)
        json.put(field, cells.get(i));
      }
    }
    json.put("tags", tags);
    return DocumentJson.fromJson(json);
  }

  private List<String> record(String first) {
    StringBuilder text = new StringBuilder(first);
    List<String> cells;
    while ((cells = Csv.split(text.toString())) == null) {
      String more = nextLine();
      if (more == null) {
        throw new IllegalArgumentException("a quoted field is not closed before the end of the input");
      }
      text.append('\n').append(more);
    }
    return cells;
  }

  private void readHeader(List<String> names) {
    List<String> mapped = new ArrayList<>(names.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("header column " + (i + 1) + " has no name");
      }
      String field = JsonValues.fieldName(name);
      String key = FIELDS.contains(field) ? field : name;
      if (!seen.add(key)) {
        throw new IllegalArgumentException("header names '" + key + "' twice");
      }
      if (!FIELDS.contains(field) && DocumentJson.FIELDS.contains(field)) {
        throw new IllegalArgumentException("header column '" + name + "' names a Document field that a CSV cell cannot hold;"
            + " rename the column to keep it as a tag");
      }
      mapped.add(FIELDS.contains(field) ? field : null);
    }
    header = names;
    fields = mapped;
  }
}
