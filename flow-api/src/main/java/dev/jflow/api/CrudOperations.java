package dev.jflow.api;

import java.nio.file.Path;
import java.util.List;

/**
 * The CRUD calls shared by {@link AsyncFlow}, {@link Flow} and {@link Client}, after Jina's CRUD mixin.
 * Each call cuts its input into requests of {@link CallOptions#requestSize()} documents, keeps at most
 * {@link CallOptions#prefetch()} in flight, runs the callbacks once per response and returns the
 * responses. {@code R} is what a call returns: a future of the responses for the async ports, the
 * responses themselves for the blocking {@link Flow}.
 *
 * @param <R> the result of a call
 */
public interface CrudOperations<R> {

  /** Sends {@code inputs} as requests of {@code type}; every other method here calls this one. */
  R call(RequestType type, Inputs inputs, CallOptions options);

  /** Indexes the inputs. */
  default R index(Inputs inputs, CallOptions options) {
    return call(RequestType.INDEX, inputs, options);
  }

  /** Indexes the inputs with default options. */
  default R index(Inputs inputs) {
    return index(inputs, CallOptions.defaults());
  }

  /** Indexes the documents with default options. */
  default R index(Iterable<Document> docs) {
    return index(Inputs.of(docs));
  }

  /** Searches with the inputs as queries. */
  default R search(Inputs inputs, CallOptions options) {
    return call(RequestType.SEARCH, inputs, options);
  }

  /** Searches with the inputs as queries, default options. */
  default R search(Inputs inputs) {
    return search(inputs, CallOptions.defaults());
  }

  /** Searches for the {@code topK} best matches of each query. */
  default R search(Iterable<Document> queries, int topK) {
    return search(Inputs.of(queries), CallOptions.builder().topK(topK).build());
  }

  /** Updates stored documents (matched by id). */
  default R update(Inputs inputs, CallOptions options) {
    return call(RequestType.UPDATE, inputs, options);
  }

  /** Updates stored documents with default options. */
  default R update(Iterable<Document> docs) {
    return update(Inputs.of(docs), CallOptions.defaults());
  }

  /** Trains executors on the inputs. */
  default R train(Inputs inputs, CallOptions options) {
    return call(RequestType.TRAIN, inputs, options);
  }

  /** Trains executors on the documents with default options. */
  default R train(Iterable<Document> docs) {
    return train(Inputs.of(docs), CallOptions.defaults());
  }

  /** Deletes documents by id; ids travel in batches of {@code requestSize}. */
  default R delete(Iterable<String> ids, CallOptions options) {
    return call(RequestType.DELETE, Inputs.ids(ids), options);
  }

  /** Deletes documents by id with default options. */
  default R delete(Iterable<String> ids) {
    return delete(ids, CallOptions.defaults());
  }

  /** Indexes one document per row, each with a float32 blob of its row. */
  default R indexNdarray(float[][] rows, CallOptions options) {
    return index(Inputs.ndarray(rows), options);
  }

  /** Indexes one document per row with default options. */
  default R indexNdarray(float[][] rows) {
    return indexNdarray(rows, CallOptions.defaults());
  }

  /** Indexes slices of {@code array} along {@code axis}; see {@link Inputs#ndarray(NdArray, int, int, boolean)}. */
  default R indexNdarray(NdArray array, int axis, int size, boolean shuffle, CallOptions options) {
    return index(Inputs.ndarray(array, axis, size, shuffle), options);
  }

  /** Searches with one query per row. */
  default R searchNdarray(float[][] rows, CallOptions options) {
    return search(Inputs.ndarray(rows), options);
  }

  /** Searches with slices of {@code array} along {@code axis} as queries. */
  default R searchNdarray(NdArray array, int axis, int size, boolean shuffle, CallOptions options) {
    return search(Inputs.ndarray(array, axis, size, shuffle), options);
  }

  /** Indexes one document per line, read as {@code format}. */
  default R indexLines(Iterable<String> lines, Inputs.LineFormat format, CallOptions options) {
    return index(Inputs.lines(lines, format), options);
  }

  /** Indexes one text document per line with default options. */
  default R indexLines(Iterable<String> lines) {
    return indexLines(lines, Inputs.LineFormat.TEXT, CallOptions.defaults());
  }

  /** Indexes one document per line of a file, read as {@code format}. */
  default R indexLines(Path file, Inputs.LineFormat format, CallOptions options) {
    return index(Inputs.lines(file, format), options);
  }

  /** Searches with one query per line, read as {@code format}. */
  default R searchLines(Iterable<String> lines, Inputs.LineFormat format, CallOptions options) {
    return search(Inputs.lines(lines, format), options);
  }

  /** Searches with one query per line of a file, read as {@code format}. */
  default R searchLines(Path file, Inputs.LineFormat format, CallOptions options) {
    return search(Inputs.lines(file, format), options);
  }

  /** Indexes the rows of a CSV file with a header line. */
  default R indexCsv(Path file, CallOptions options) {
    return index(Inputs.csv(file), options);
  }

  /** Searches with the rows of a CSV file with a header line. */
  default R searchCsv(Path file, CallOptions options) {
    return search(Inputs.csv(file), options);
  }

  /** Indexes the Document JSON objects of a newline-delimited JSON file. */
  default R indexNdjson(Path file, CallOptions options) {
    return index(Inputs.ndjson(file), options);
  }

  /** Searches with the Document JSON objects of a newline-delimited JSON file. */
  default R searchNdjson(Path file, CallOptions options) {
    return search(Inputs.ndjson(file), options);
  }

  /** Indexes one document per file matching the glob patterns; see {@link Inputs#files(List, boolean)}. */
  default R indexFiles(List<String> patterns, boolean recursive, CallOptions options) {
    return index(Inputs.files(patterns, recursive), options);
  }

  /** Searches with one query per file matching the glob patterns. */
  default R searchFiles(List<String> patterns, boolean recursive, CallOptions options) {
    return search(Inputs.files(patterns, recursive), options);
  }
}
