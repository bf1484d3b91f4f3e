package dev.jflow.api.internal;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.NdArray;
import dev.jflow.api.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** The readers behind {@link Inputs}: lazy iterators over arrays, lines, files and generators, and the publishers over them. */
public final class InputReaders {
  private InputReaders() {}

  /** An iterator applying {@code f} to each element; closing it closes {@code source} when that is closeable. */
  public static <A, B> Iterator<B> map(Iterator<? extends A> source, Function<? super A, ? extends B> f) {
    return new CloseableIterator<B>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public B next() {
        return f.apply(source.next());
      }

      @Override
      public void close() {
        closeIfCloseable(source);
      }
    };
  }

  /** An iterator that closes {@code resource} (and the source, when closeable) when it is closed. */
  public static <T> Iterator<T> closing(Iterator<T> source, AutoCloseable resource) {
    return new CloseableIterator<T>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public T next() {
        return source.next();
      }

      @Override
      public void close() {
        try {
          closeIfCloseable(source);
        } finally {
          closeIfCloseable(resource);
        }
      }
    };
  }

  /**
   * A publisher of what iterators made by {@code source} yield, pulled on {@code executor} only as far as
   * subscribers ask; an iterator that is AutoCloseable is closed at the end.
   */
  public static <T> Flow.Publisher<T> pulling(Supplier<? extends Iterator<? extends T>> source, Executor executor) {
    return new IteratorPublisher<>(source, executor);
  }

  /**
   * {@link #pulling(Supplier, Executor)} that also closes {@code resource} (e.g. the Stream the iterators
   * read) when a subscription ends, fails or is cancelled, whether or not anything was read.
   */
  public static <T> Flow.Publisher<T> pulling(Supplier<? extends Iterator<? extends T>> source, Executor executor,
      AutoCloseable resource) {
    return new IteratorPublisher<>(source, executor, resource);
  }

  /**
   * {@code upstream} passing on each item with probability {@code rate} (in (0, 1]) and at most
   * {@code limit} items (negative: no limit); {@code seed} seeds the sampling.
   */
  public static <T> Flow.Publisher<T> sampling(Flow.Publisher<T> upstream, long limit, double rate, long seed) {
    return new SamplingPublisher<>(upstream, limit, rate, seed);
  }

  /**
   * Subscribes to {@code publisher} and cancels at once, reading nothing: for an input that will not be
   * read, so that its source can close what it holds (a stream, a file).
   */
  public static void release(Flow.Publisher<?> publisher) {
    publisher.subscribe(new Flow.Subscriber<Object>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.cancel();
      }

      @Override
      public void onNext(Object item) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onComplete() {}
    });
  }

  /** A subscriber that maps each item with {@code f} before passing it to {@code downstream}. */
  public static <A, B> Flow.Subscriber<A> mapping(Flow.Subscriber<? super B> downstream, Function<? super A, ? extends B> f) {
    return new Flow.Subscriber<A>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        downstream.onSubscribe(s);
      }

      @Override
      public void onNext(A item) {
        downstream.onNext(f.apply(item));
      }

      @Override
      public void onError(Throwable t) {
        downstream.onError(t);
      }

      @Override
      public void onComplete() {
        downstream.onComplete();
      }
    };
  }

  /** An iterator over what {@code generator} returns, mapped by {@code f}, ending at the first null. */
  public static <T, R> Iterator<R> generating(Supplier<T> generator, Function<? super T, ? extends R> f) {
    return new Iterator<R>() {
      private T next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = generator.get();
        }
        return next != null;
      }

      @Override
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        T t = next;
        next = null;
        return f.apply(t);
      }
    };
  }

  /**
   * One document per row, with a float32 blob of shape {@code [row.length]}, made as the iterator advances.
   *
   * @throws FlowException INVALID_ARGUMENT when {@code rows} is null (a null row fails when it is reached)
   */
  public static Iterator<Document> ndarrayRows(float[][] rows) {
    if (rows == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "rows is null; pass a float[][] with one row per document");
    }
    return map(IntStream.range(0, rows.length).iterator(), i -> {
      if (rows[i] == null) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "rows[" + i + "] is null; every row must be a float[]");
      }
      return Document.ofBlob(NdArray.of(rows[i]));
    });
  }

  /**
   * One document per slice of {@code array} along {@code axis} (negative counts from the last axis); at
   * most {@code size} (negative: all), shuffled or not. Each blob has the array's dtype and shape
   * without that axis, as numpy's {@code np.take(array, i, axis)}.
   *
   * @throws FlowException INVALID_ARGUMENT naming the axis and the rank when the axis is out of range
   */
  public static Iterator<Document> ndarraySlices(NdArray array, int axis, int size, boolean shuffle) {
    return NdArraySlices.of(array, axis, size, shuffle);
  }

  /**
   * Parses lines in {@code format}, lazily; {@code sourceName} names the input in errors, which are
   * INVALID_ARGUMENT {@link FlowException}s such as {@code data.ndjson line 3: expected ',' or '}' but
   * found '"' at column 17}. TEXT keeps every line (as {@code text/plain}); JSON skips blank lines and
   * reads each other one with {@link DocumentJson}; CSV reads as {@link CsvLines} describes. Closing the
   * iterator closes {@code lines} when they are closeable.
   */
  public static Iterator<Document> parseLines(Iterator<String> lines, Inputs.LineFormat format, String sourceName) {
    if (format == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "line format of " + sourceName + " is null; use TEXT, JSON or CSV");
    }
    switch (format) {
      case TEXT:
        return new LineParser(lines, sourceName) {
          @Override
          Document parse(String line) {
            return Document.ofText(line).mimeType("text/plain");
          }
        };
      case JSON:
        return new LineParser(lines, sourceName) {
          @Override
          Document parse(String line) {
            return line.isBlank() ? null : DocumentJson.read(Json.parse(line), "");
          }
        };
      default:
        return new CsvLines(lines, sourceName);
    }
  }

  /**
   * The lines of a UTF-8 file, opened on first use and closed when the iterator is closed or ends.
   * A missing file fails with NOT_FOUND, other read errors with INVALID_ARGUMENT, naming the file.
   */
  public static Iterator<String> readLines(Path file) {
    return new FileLines(file);
  }

  /**
   * One document per regular file matching the glob patterns (see {@link Globs}), sorted by path: the
   * file's bytes (read as the iterator reaches it), its absolute path as {@code uri} and a MIME type
   * guessed from its name. No match gives no documents.
   *
   * @throws FlowException INVALID_ARGUMENT when a pattern is invalid or starts in a missing directory
   */
  public static Iterator<Document> files(List<String> patterns, boolean recursive) {
    return map(Globs.expand(patterns, recursive).iterator(), InputReaders::fileDocument);
  }

  private static Document fileDocument(Path file) {
    try {
      return Document.ofBuffer(Files.readAllBytes(file)).uri(file.toString()).mimeType(MimeTypes.guess(file));
    } catch (IOException e) {
      throw FileErrors.readFailure(file, e);
    }
  }

  /** Closes {@code o} when it is {@link AutoCloseable}; a checked failure is wrapped in a {@link FlowException}. */
  static void closeIfCloseable(Object o) {
    if (o instanceof AutoCloseable) {
      try {
        ((AutoCloseable) o).close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "closing the input " + o + " failed: " + e, e);
      }
    }
  }

  /** An iterator that holds a resource; closing it throws no checked exception. */
  interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
  }
}
