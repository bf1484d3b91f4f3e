package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The CLI logs through SLF4J to logback: one line per event with the request id, quiet libraries, a level option. */
class LoggingTest {

  @AfterEach
  void jflowLogsAtInfoAgain() {
    Logging.jflowLevel("INFO");
  }

  /** The jar's logback.xml, read into a context of its own. */
  private static LoggerContext shipped() throws Exception {
    URL config = Main.class.getClassLoader().getResource("logback.xml");
    assertNotNull(config, "logback.xml is in the jflow jar");
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(config);
    for (Status s : context.getStatusManager().getCopyOfStatusList()) {
      assertTrue(s.getLevel() < Status.WARN, "logback.xml reads without warnings: " + s);
    }
    return context;
  }

  @Test
  void theShippedConfigWritesOneLinePerEventWithTheRequestIdToStderr() throws Exception {
    LoggerContext context = shipped();
    try {
      ConsoleAppender<?> stderr = (ConsoleAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
      assertEquals("System.err", stderr.getTarget());
      PatternLayoutEncoder encoder = (PatternLayoutEncoder) stderr.getEncoder();
      assertEquals("%d{HH:mm:ss.SSS} %-5level [%X{request_id:-}] %logger{0} - %msg%n", encoder.getPattern());

      String line = line(context, encoder, Map.of("request_id", "r-42"));
      assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[r-42] Router - pod encoder failed\\R"), line);
      assertTrue(line(context, encoder, Map.of()).contains(" WARN  [] Router - "), "no request: empty brackets");
    } finally {
      context.stop();
    }
  }

  /** What {@code encoder} writes for a WARN of JFlow's router with {@code mdc}. */
  private static String line(LoggerContext context, PatternLayoutEncoder encoder, Map<String, String> mdc) {
    ch.qos.logback.classic.Logger router = context.getLogger("dev.jflow.core.internal.Router");
    LoggingEvent event = new LoggingEvent(LoggingTest.class.getName(), router, Level.WARN, "pod {} failed", null, new Object[] {"encoder"});
    event.setMDCPropertyMap(mdc);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void jflowLogsAtInfoAndTheNoisyLibrariesAtWarn() throws Exception {
    LoggerContext context = shipped();
    try {
      assertEquals(Level.INFO, context.getLogger("dev.jflow.core").getEffectiveLevel());
      for (String library : new String[] {"io.grpc.netty", "io.netty.channel", "org.glassfish.grizzly", "com.example.other"}) {
        assertEquals(Level.WARN, context.getLogger(library).getEffectiveLevel(), library);
      }
    } finally {
      context.stop();
    }
  }

  @Test
  void logLevelSetsJflowsLevelAndABadOneNamesTheValue() {
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertEquals(0, Main.run(new String[] {"--log-level", "debug", "--version"}, new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter())));
    assertEquals(Level.DEBUG, logback.getLogger("dev.jflow.cli").getEffectiveLevel());
    StringWriter err = new StringWriter();
    assertEquals(2, Main.run(new String[] {"export", "--log-level", "loud", "mermaid", "flow.yml"}, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true)));
    assertTrue(err.toString().contains("--log-level must be one of [TRACE, DEBUG, INFO, WARN, ERROR, OFF] (any case), got 'loud'"),
        err.toString());
  }

  @Test
  void javaUtilLoggingAndSystemLoggerGoThroughSlf4j() {
    Logging.bridge();
    Logging.bridge(); // once only
    assertTrue(SLF4JBridgeHandler.isInstalled());
    assertEquals(1, Logger.getLogger("").getHandlers().length, "the bridge replaces JUL's console handler");
  }
}
