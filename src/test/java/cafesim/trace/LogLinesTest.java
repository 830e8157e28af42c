package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.http.Json;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console log as configured (logback-text.xml, logback-json.xml): one line per event,
 * whatever the message or the MDC holds.
 */
class LogLinesTest {

  private static final String FORGING = "kim\n11:30:00.000 ERROR ErrorHandling   FORGED LINE";

  @Test
  void theTextLogEscapesControlCharactersInTheMessageAndTheMdc() throws Exception {
    String line = encode("text", "order from " + FORGING + " \u001b[31mred\u001b[0m \r\u2028\u0085\u0001",
        Map.of("runId", "run-1\nX", "traceId", "\u001b]0;title\u0007"));
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
    // After the time: level, logger, then the MDC and the message, escaped.
    assertEquals("INFO  events              run-1\\nX             \\u001b]0;title\\u0007"
        + "             order from kim\\n11:30:00.000 ERROR ErrorHandling   FORGED LINE"
        + " \\u001b[31mred\\u001b[0m \\r\\u2028\\u0085\\u0001\n", line.substring(13));
  }

  @Test
  void aStackTraceStaysOnTheEventsLine() throws Exception {
    String line = encode("text", "the run table write failed", Map.of("runId", "run-1"),
        new IllegalStateException("disk full\nFORGED"));
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.contains("the run table write failed | java.lang.IllegalStateException:"
        + " disk full\\nFORGED\\n\\tat cafesim.trace.LogLinesTest"), line);
  }

  @Test
  void anOrdinaryLineIsUnchanged() throws Exception {
    String line = encode("text", "   3.000s  DRINK_READY     main         americano    by barista-1",
        Map.of("runId", "run-37546e754362d7d3", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
    assertEquals("INFO  events              run-37546e754362d7d3 4bf92f3577b34da6a3ce929d0e0e4736"
        + "    3.000s  DRINK_READY     main         americano    by barista-1\n",
        line.substring(13));
  }

  @Test
  void aLineOutsideARunStartsItsMessageWhereARunsLineDoes() throws Exception {
    String outside = encode("text", "org.apache.pekko.actor.CoordinatedShutdown",
        "Running CoordinatedShutdown", Map.of(), null);
    String inside = encode("text", "cafesim.events", "RUN_STARTED",
        Map.of("runId", "run-37546e754362d7d3", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736"),
        null);
    assertEquals(inside.indexOf("RUN_STARTED"), outside.indexOf("Running"),
        outside + inside);
    assertEquals("INFO  CoordinatedShutdown" + " ".repeat(55) + "Running CoordinatedShutdown\n",
        outside.substring(13));
  }

  @Test
  void theJsonLogKeepsTheTextExactInOneLine() throws Exception {
    String message = FORGING + " \u001b[31m\u2028\u0001\"";
    String line = encode("json", message, Map.of("runId", "run-1\nX"));
    assertEquals(1, line.lines().count(), line);
    JsonNode node = Json.MAPPER.readTree(line);
    assertEquals(message, node.get("message").asText(), "escaped in JSON, not altered");
    assertEquals("run-1\nX", node.get("runId").asText());
  }

  /** One event through the console encoder of logback-FORMAT.xml, as the service sets it up. */
  private static String encode(String format, String message, Map<String, String> mdc)
      throws Exception {
    return encode(format, message, mdc, null);
  }

  private static String encode(String format, String message, Map<String, String> mdc,
      Throwable thrown) throws Exception {
    return encode(format, "cafesim.events", message, mdc, thrown);
  }

  private static String encode(String format, String logger, String message,
      Map<String, String> mdc, Throwable thrown) throws Exception {
    LoggerContext context = new LoggerContext();
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(new ByteArrayInputStream(("<configuration>"
          + "<include resource=\"logback-" + format + ".xml\"/>"
          + "<root level=\"INFO\"><appender-ref ref=\"CONSOLE\"/></root>"
          + "</configuration>").getBytes(StandardCharsets.UTF_8)));
      var appender = (OutputStreamAppender<?>) context.getLogger("ROOT").getAppender("CONSOLE");
      @SuppressWarnings("unchecked")
      var encoder = (ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent>)
          appender.getEncoder();
      var event = new LoggingEvent(LogLinesTest.class.getName(),
          context.getLogger(logger), Level.INFO, message, thrown, null);
      event.setMDCPropertyMap(mdc);
      assertFalse(context.getStatusManager().getCopyOfStatusList().stream()
          .anyMatch(s -> s.getLevel() >= ch.qos.logback.core.status.Status.WARN),
          context.getStatusManager().getCopyOfStatusList().toString());
      return new String(encoder.encode(event), StandardCharsets.UTF_8);
    } finally {
      context.stop();
    }
  }
}
