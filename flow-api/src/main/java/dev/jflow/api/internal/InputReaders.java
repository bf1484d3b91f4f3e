package dev.jflow.api.internal;

import dev.jflow.api.Document;
import dev.jflow.api.Inputs;
import dev.jflow.api.NdArray;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;

/** The readers behind {@link Inputs}: lazy iterators over arrays, lines, files and generators. */
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
      public void close() throws Exception {
        if (source instanceof AutoCloseable) {
          ((AutoCloseable) source).close();
        }
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
      public void close() throws Exception {
        try (resource) {
          if (source instanceof AutoCloseable) {
            ((AutoCloseable) source).close();
          }
        }
      }
    };
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

  /** One document per row, with a float32 blob of shape {@code [row.length]}. */
  public static Iterator<Document> ndarrayRows(float[][] rows) {
    throw new UnsupportedOperationException("TODO");
  }

  /** One document per slice of {@code array} along {@code axis}; at most {@code size} (negative: all), shuffled or not. */
  public static Iterator<Document> ndarraySlices(NdArray array, int axis, int size, boolean shuffle) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Parses lines in {@code format}; {@code sourceName} names the input in errors. */
  public static Iterator<Document> parseLines(Iterator<String> lines, Inputs.LineFormat format, String sourceName) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The lines of a UTF-8 file, opened on first use and closed when the iterator is closed or ends. */
  public static Iterator<String> readLines(Path file) {
    throw new UnsupportedOperationException("TODO");
  }

  /** One document per file matching the glob patterns. */
  public static Iterator<Document> files(List<String> patterns, boolean recursive) {
    throw new UnsupportedOperationException("TODO");
  }

  /** An iterator that holds a resource. */
  interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {}
}
