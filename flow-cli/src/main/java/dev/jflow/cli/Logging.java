package dev.jflow.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The CLI's logging: everything goes through SLF4J to logback ({@code logback.xml}: one line per event
 * on stderr). java.util.logging, and so {@code System.Logger} (flow-api) and gRPC, is bridged to it;
 * JFlow's own loggers ({@code dev.jflow}) log at INFO unless {@code --log-level} or
 * {@code JFLOW_LOG_LEVEL} say otherwise.
 */
final class Logging {
  /** The variable that sets the level of JFlow's loggers when {@code --log-level} is not given. */
  static final String LEVEL_VARIABLE = "JFLOW_LOG_LEVEL";
  /** The levels {@code --log-level} takes. */
  static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private Logging() {}

  /**
   * Routes java.util.logging to SLF4J (once); logback starts with the first log line, and its level
   * propagator ({@code logback.xml}) then sets JUL's levels, so what logback drops JUL does not format.
   */
  static void bridge() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /**
   * The level named {@code name} (any case), checked.
   *
   * @throws IllegalArgumentException naming {@code name}, {@code source} and the levels
   */
  static String level(String name, String source) {
    String upper = name.strip().toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(upper)) {
      throw new IllegalArgumentException(source + " must be one of " + LEVELS + " (any case), got '" + name + "'");
    }
    return upper;
  }

  /** Sets the level of JFlow's loggers ({@code dev.jflow}); a no-op when SLF4J is bound to something else than logback. */
  static void jflowLevel(String level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.getLogger("dev.jflow").setLevel(Level.toLevel(level));
    }
  }
}
