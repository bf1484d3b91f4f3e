package dev.jflow.api;

import dev.jflow.api.internal.InputReaders;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The input of a client call: where its documents come from. Sources are read lazily and only as fast
 * as the Flow takes them (the call's {@code prefetch} bounds what is read ahead). Immutable;
 * {@link #limit(long)} and {@link #sample(double)} return new inputs.
 */
public final class Inputs {
  private final Function<Executor, Flow.Publisher<Input>> source;
  private final long limit;
  private final double rate;
  private final Long seed;

  private Inputs(Function<Executor, Flow.Publisher<Input>> source, long limit, double rate, Long seed) {
    this.source = source;
    this.limit = limit;
    this.rate = rate;
    this.seed = seed;
  }

  /** Inputs pulled from iterators made by {@code iterators}; an iterator that is AutoCloseable is closed at the end. */
  public static Inputs fromIterators(Supplier<? extends Iterator<Input>> iterators) {
    Objects.requireNonNull(iterators, "iterators");
    return new Inputs(executor -> InputReaders.pulling(iterators, executor), -1, 1.0, null);
  }

  /** The documents of an iterable, read lazily. */
  public static Inputs of(Iterable<Document> docs) {
    Objects.requireNonNull(docs, "docs");
    return fromIterators(() -> InputReaders.map(docs.iterator(), Input::of));
  }

  /** The given documents. */
  public static Inputs of(Document... docs) {
    return of(Arrays.asList(docs));
  }

  /**
   * The documents of a stream, read lazily. The stream is closed when the call ends, fails or is
   * cancelled, also when nothing was read from it (e.g. {@code limit(0)}). A stream can be consumed only once.
   */
  public static Inputs of(Stream<Document> docs) {
    Objects.requireNonNull(docs, "docs");
    return new Inputs(executor -> InputReaders.pulling(() -> InputReaders.map(docs.iterator(), Input::of), executor, docs),
        -1, 1.0, null);
  }

  /** Documents pushed by a publisher; demand is signalled as the Flow takes them. */
  public static Inputs from(Flow.Publisher<Document> docs) {
    Objects.requireNonNull(docs, "docs");
    return new Inputs(executor -> subscriber -> docs.subscribe(InputReaders.mapping(subscriber, Input::of)), -1, 1.0, null);
  }

  /** Documents made by a generator, called until it returns null. */
  public static Inputs generate(Supplier<Document> generator) {
    Objects.requireNonNull(generator, "generator");
    return fromIterators(() -> InputReaders.generating(generator, Input::of));
  }

  /** One empty document per id, for DELETE calls: the request carries the ids. */
  public static Inputs ids(Iterable<String> ids) {
    Objects.requireNonNull(ids, "ids");
    return fromIterators(() -> InputReaders.map(ids.iterator(), id -> Input.of(Document.withId(requireId(id)))));
  }

  private static String requireId(String id) {
    if (id == null || id.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "delete ids must be non-empty strings, got " + (id == null ? "null" : "\"\""));
    }
    return id;
  }

  /** Documents paired with their groundtruths (entry key: document, entry value: groundtruth). */
  public static Inputs pairs(Iterable<? extends Map.Entry<Document, Document>> pairs) {
    Objects.requireNonNull(pairs, "pairs");
    return fromIterators(() -> InputReaders.map(pairs.iterator(), e -> new Input(e.getKey(), e.getValue())));
  }

  /** One document per row of {@code rows}, each with a float32 blob of the row. */
  public static Inputs ndarray(float[][] rows) {
    return fromIterators(() -> InputReaders.map(InputReaders.ndarrayRows(rows), Input::of));
  }

  /**
   * One document per slice of {@code array} along {@code axis}, each with the slice as its blob.
   *
   * @param axis the axis to slice along (0 for rows)
   * @param size most documents to make; negative for all
   * @param shuffle whether slices are taken in random order
   */
  public static Inputs ndarray(NdArray array, int axis, int size, boolean shuffle) {
    return fromIterators(() -> InputReaders.map(InputReaders.ndarraySlices(array, axis, size, shuffle), Input::of));
  }

  /**
   * One document per line. {@link LineFormat#TEXT} makes the line the text; JSON parses a Document
   * JSON object; CSV reads the first line as a header and each further line as a document.
   */
  public static Inputs lines(Iterable<String> lines, LineFormat format) {
    Objects.requireNonNull(lines, "lines");
    return fromIterators(() -> InputReaders.map(InputReaders.parseLines(lines.iterator(), format, "lines"), Input::of));
  }

  /** One document per line of a UTF-8 file, in the given format; the file is read lazily. */
  public static Inputs lines(Path file, LineFormat format) {
    Objects.requireNonNull(file, "file");
    return fromIterators(() -> InputReaders.map(InputReaders.parseLines(InputReaders.readLines(file), format, file.toString()), Input::of));
  }

  /** The rows of a CSV file with a header line; see {@link LineFormat#CSV}. */
  public static Inputs csv(Path file) {
    return lines(file, LineFormat.CSV);
  }

  /** The lines of a newline-delimited JSON file, one Document JSON object a line. */
  public static Inputs ndjson(Path file) {
    return lines(file, LineFormat.JSON);
  }

  /**
   * One document per file matching any of the glob patterns (e.g. {@code data/**}{@code /*.png}); the
   * content is the file's bytes, with {@code uri} set to the file's path and {@code mimeType} guessed
   * from its name.
   *
   * @param recursive whether {@code **} crosses directories; when false it matches like {@code *}
   */
  public static Inputs files(List<String> patterns, boolean recursive) {
    Objects.requireNonNull(patterns, "patterns");
    List<String> copy = List.copyOf(patterns);
    return fromIterators(() -> InputReaders.map(InputReaders.files(copy, recursive), Input::of));
  }

  /** One document per file matching any of the glob patterns, recursively; see {@link #files(List, boolean)}. */
  public static Inputs files(String... patterns) {
    return files(Arrays.asList(patterns), true);
  }

  /** These inputs, stopping after {@code size} documents (negative: no limit). */
  public Inputs limit(long size) {
    return new Inputs(source, size, rate, seed);
  }

  /** These inputs, keeping each document with probability {@code rate} (in (0, 1]). */
  public Inputs sample(double rate) {
    return sample(rate, ThreadLocalRandom.current().nextLong());
  }

  /** These inputs, keeping each document with probability {@code rate}, with a fixed random seed. */
  public Inputs sample(double rate, long seed) {
    if (!(rate > 0 && rate <= 1)) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "sampling rate must be in (0, 1], got " + rate);
    }
    return new Inputs(source, limit, rate, seed);
  }

  /**
   * The publisher a client engine subscribes to. Pull sources (iterables, files, generators) are read
   * on {@code pullExecutor}, never on the thread that signals demand.
   */
  public Flow.Publisher<Input> publisher(Executor pullExecutor) {
    Flow.Publisher<Input> p = source.apply(pullExecutor);
    if (limit < 0 && rate >= 1.0) {
      return p;
    }
    return InputReaders.sampling(p, limit, rate, seed == null ? 0L : seed);
  }

  /** How {@link #lines(Iterable, LineFormat)} reads a line. */
  public enum LineFormat {
    /** The line is the document's text. */
    TEXT,
    /** The line is a Document JSON object (fields as on the wire, e.g. {@code id}, {@code text}, {@code tags}). */
    JSON,
    /** The first line is a header; each further line is a document whose columns map to fields, unknown ones to tags. */
    CSV
  }
}
