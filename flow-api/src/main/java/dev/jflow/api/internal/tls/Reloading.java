package dev.jflow.api.internal.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Material read from files and read again when they change: {@link #current()} looks at the files at
 * most once every {@link #CHECK_NANOS} and reloads when their time, size or identity changed. New files
 * that cannot be used leave the previous material in place, with one warning per change.
 */
final class Reloading<T> {
  static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String what;
  private final List<Path> files;
  private final Supplier<T> loader;
  private final LongSupplier clock;
  private volatile T current;
  private volatile T previous;
  private volatile long nextCheck;
  private List<Object> seen; // guarded by this

  /**
   * Loads the material now.
   *
   * @param what names the material in log lines
   * @throws dev.jflow.api.FlowException from {@code loader} when the files cannot be used
   */
  Reloading(String what, List<Path> files, Supplier<T> loader, LongSupplier clock) {
    this.what = what;
    this.files = List.copyOf(files);
    this.loader = loader;
    this.clock = clock;
    this.seen = TlsFiles.stamps(files);
    this.current = loader.get();
    this.nextCheck = clock.getAsLong() + CHECK_NANOS;
  }

  Reloading(String what, List<Path> files, Supplier<T> loader) {
    this(what, files, loader, System::nanoTime);
  }

  /** The material, after looking at the files if a check is due. */
  T current() {
    if (clock.getAsLong() - nextCheck >= 0) {
      check();
    }
    return current;
  }

  /** The material, without looking at the files. */
  T peek() {
    return current;
  }

  /** The material before the last reload, or null. */
  T previous() {
    return previous;
  }

  /** Looks at the files now, however recently they were looked at; true when new material was loaded. */
  synchronized boolean check() {
    nextCheck = clock.getAsLong() + CHECK_NANOS;
    List<Object> stamps = TlsFiles.stamps(files);
    if (stamps.equals(seen)) {
      return false;
    }
    seen = stamps;
    try {
      T fresh = loader.get();
      previous = current;
      current = fresh;
      Validity.LOG.log(System.Logger.Level.INFO, "TLS: reloaded " + what + " from " + files);
      return true;
    } catch (RuntimeException e) {
      Validity.LOG.log(System.Logger.Level.WARNING, "TLS: " + what + " changed but the new files cannot be used, so the previous "
          + what + " stays in use until they change again: " + e.getMessage());
      return false;
    }
  }
}
