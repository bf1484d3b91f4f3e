package dev.jflow.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting of a transport's gateway beyond {@link GatewayConfig}'s own: its name
 * ({@code <transport>.<snake_case>}, e.g. {@code websocket.max_queued_bytes}, the same in code, YAML
 * and on the command line), the form its value takes, its default and a description. A transport
 * declares its options in {@link dev.jflow.api.spi.TransportProvider#options()}; a
 * {@link GatewayConfig} holds their values as text, as YAML and the command line give them, and
 * {@link GatewayConfig#option(GatewayOption)} reads one typed. Immutable.
 *
 * @param <T> the type of the value
 */
public final class GatewayOption<T> {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*\\.[a-z][a-z0-9_]*");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h)?");
  private static final Pattern BYTES = Pattern.compile("(\\d{1,18})\\s*(kib|mib|gib)?");

  private final String name;
  private final T defaultValue;
  private final String description;
  private final String form;
  private final Function<String, T> parser;
  private final Predicate<T> allowed;
  private final Function<T, String> formatter;

  private GatewayOption(String name, T defaultValue, String description, String form, Function<String, T> parser,
      Predicate<T> allowed, Function<T, String> formatter) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a gateway option is named <transport>.<snake_case_name>, got " + name);
    }
    this.name = name;
    this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
    this.description = Objects.requireNonNull(description, "description");
    this.form = form;
    this.parser = parser;
    this.allowed = allowed;
    this.formatter = formatter;
    if (!allowed.test(defaultValue)) {
      throw new IllegalArgumentException("the default of " + name + " must be " + form + ", got " + defaultValue);
    }
  }

  /** An option whose value is any text (an empty text included). */
  public static GatewayOption<String> text(String name, String defaultValue, String description) {
    return new GatewayOption<>(name, defaultValue, description, "text", s -> s, s -> true, s -> s);
  }

  /**
   * An option whose value is text of a given form, such as a list of origins: {@code valid} checks the
   * (trimmed) text and {@code form} says what it must be, for the error naming a bad value.
   */
  public static GatewayOption<String> text(String name, String defaultValue, String form, Predicate<String> valid,
      String description) {
    return new GatewayOption<>(name, defaultValue, description, form, s -> s, valid, s -> s);
  }

  /** An option whose value is a whole number of at least {@code min}, such as {@code 12}. */
  public static GatewayOption<Integer> integer(String name, int defaultValue, int min, String description) {
    return new GatewayOption<>(name, defaultValue, description, "a whole number of at least " + min, s -> {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }, v -> v >= min, String::valueOf);
  }

  /**
   * An option whose value is a number of bytes of at least {@code min}: whole ({@code 33554432}) or
   * with a binary unit ({@code 512KiB}, {@code 32MiB}, {@code 1GiB}).
   */
  public static GatewayOption<Long> bytes(String name, long defaultValue, long min, String description) {
    return new GatewayOption<>(name, defaultValue, description,
        "a number of bytes of at least " + min + ", whole or with KiB, MiB or GiB (33554432, 32MiB)",
        GatewayOption::parseBytes, v -> v >= min, GatewayOption::formatBytes);
  }

  /**
   * An option whose value is a duration of at least {@code min}: milliseconds ({@code 1500}) or a
   * whole number with a unit ({@code 1500ms}, {@code 30s}, {@code 5m}, {@code 1h}).
   */
  public static GatewayOption<Duration> duration(String name, Duration defaultValue, Duration min, String description) {
    return new GatewayOption<>(name, defaultValue, description,
        "a duration of at least " + formatDuration(min) + ": milliseconds or a whole number with ms, s, m or h (1500, 1500ms, 30s)",
        GatewayOption::parseDuration, v -> v.compareTo(min) >= 0 && v.getNano() % 1_000_000 == 0, GatewayOption::formatDuration);
  }

  /** The full name, {@code <transport>.<snake_case>}. */
  public String name() {
    return name;
  }

  /** The transport owning this option: the part of the name before the dot. */
  public String transport() {
    return name.substring(0, name.indexOf('.'));
  }

  /** The value when none is configured. */
  public T defaultValue() {
    return defaultValue;
  }

  /** What the option does, for documentation and help texts. */
  public String description() {
    return description;
  }

  /** The form a value must take, e.g. {@code a whole number of at least 1}. */
  public String form() {
    return form;
  }

  /**
   * The value {@code text} describes.
   *
   * @throws FlowException INVALID_ARGUMENT naming this option, the form expected and the text given
   */
  public T parse(String text) {
    T v = text == null ? null : parser.apply(text.trim());
    if (v == null || !allowed.test(v)) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT,
          "gateway option " + name + " must be " + form + ", got '" + text + "'");
    }
    return v;
  }

  /**
   * {@code value} as the text {@link #parse} reads back.
   *
   * @throws FlowException INVALID_ARGUMENT when {@code value} is outside the option's range
   */
  public String format(T value) {
    if (value == null || !allowed.test(value)) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT,
          "gateway option " + name + " must be " + form + ", got " + value);
    }
    return formatter.apply(value);
  }

  @Override
  public String toString() {
    return name + " (" + form + "; default " + formatter.apply(defaultValue) + ")";
  }

  private static Long parseBytes(String s) {
    Matcher m = BYTES.matcher(s.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    int shift = m.group(2) == null ? 0 : m.group(2).equals("kib") ? 10 : m.group(2).equals("mib") ? 20 : 30;
    return n > (Long.MAX_VALUE >> shift) ? null : n << shift;
  }

  private static String formatBytes(long v) {
    if (v != 0 && v % (1L << 30) == 0) {
      return (v >> 30) + "GiB";
    }
    if (v != 0 && v % (1L << 20) == 0) {
      return (v >> 20) + "MiB";
    }
    if (v != 0 && v % (1L << 10) == 0) {
      return (v >> 10) + "KiB";
    }
    return Long.toString(v);
  }

  private static Duration parseDuration(String s) {
    Matcher m = DURATION.matcher(s.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    try {
      switch (unit) {
        case "h": return Duration.ofHours(n);
        case "m": return Duration.ofMinutes(n);
        case "s": return Duration.ofSeconds(n);
        default: return Duration.ofMillis(n);
      }
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms != 0 && ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
