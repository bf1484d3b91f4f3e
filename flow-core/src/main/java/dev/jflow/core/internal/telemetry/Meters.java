package dev.jflow.core.internal.telemetry;

import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/** Meter names, tag values and the histogram ranges shared by every meter. */
final class Meters {
  private Meters() {}

  static final RequestType[] TYPES = RequestType.values();
  static final Status.Code[] CODES = Status.Code.values();
  /** Tag values of {@link #TYPES}: the enum names in lower case ({@code index}, {@code search}, ...). */
  static final String[] TYPE_TAGS = new String[TYPES.length];

  static {
    for (RequestType t : TYPES) {
      TYPE_TAGS[t.ordinal()] = t.name().toLowerCase(Locale.ROOT);
    }
  }

  // in-process pods answer in microseconds; a gateway's deadline is rarely beyond a minute
  private static final Duration FASTEST = Duration.ofNanos(100_000);
  private static final Duration SLOWEST = Duration.ofSeconds(60);
  // the smallest request is a few bytes; messages stop at the gateway's maxMessageSize
  private static final double SMALLEST = 64;
  private static final double LARGEST = 256.0 * 1024 * 1024;

  /** A latency timer with a percentile histogram between 100 µs and 60 s, so quantiles can be computed across replicas. */
  static Timer.Builder latency(String name) {
    return Timer.builder(name).publishPercentileHistogram().minimumExpectedValue(FASTEST).maximumExpectedValue(SLOWEST);
  }

  /** A size summary in bytes with a percentile histogram between 64 B and 256 MiB. */
  static DistributionSummary.Builder size(String name) {
    return DistributionSummary.builder(name).baseUnit("bytes").publishPercentileHistogram()
        .minimumExpectedValue(SMALLEST).maximumExpectedValue(LARGEST);
  }

  /** The tag value of {@code value}: itself, or {@code ""} for null (Micrometer refuses null tag values). */
  static String tag(String value) {
    return value == null ? "" : value;
  }
}
