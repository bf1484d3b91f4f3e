package dev.jflow.api.internal;

import java.util.ArrayList;
import java.util.List;

/** Splits CSV records as RFC 4180 writes them: comma-separated fields, optionally in double quotes with {@code ""} for a quote. */
final class Csv {
  private Csv() {}

  /**
   * The fields of {@code record}, or null when it ends inside a quoted field (the record goes on
   * after a line break). A quote inside an unquoted field is kept as a character, as Python's csv does.
   *
   * @throws IllegalArgumentException when a closing quote is followed by something other than a comma
   */
  static List<String> split(String record) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = record.length();
    while (true) {
      if (i < n && record.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            return null;
          }
          char c = record.charAt(i++);
          if (c != '"') {
            field.append(c);
          } else if (i < n && record.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            break;
          }
        }
        if (i < n && record.charAt(i) != ',') {
          throw new IllegalArgumentException("unexpected '" + record.charAt(i) + "' after a closing quote at column "
              + (i + 1) + "; quote the whole field and double the quotes inside it");
        }
      } else {
        while (i < n && record.charAt(i) != ',') {
          field.append(record.charAt(i++));
        }
      }
      fields.add(field.toString());
      field.setLength(0);
      if (i >= n) {
        return fields;
      }
      i++;
    }
  }
}
