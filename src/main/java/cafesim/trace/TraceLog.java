package cafesim.trace;

import cafesim.cafe.CafeEvent;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import cafesim.run.Run;
import cafesim.run.RunReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds runs from cafesim's JSON log lines (a log file, or {@code podman logs} piped in).
 * Lines that are not cafesim run lines (other loggers, other programs, text) are skipped and
 * counted; a last line cut short, as by a log still being written, is reported, not fatal. A
 * run resumed after a stop is played again from its start: its later attempt's
 * {@code RUN_STARTED} (with a higher {@code attempt}) sets aside what the earlier one logged,
 * as its report does.
 */
public final class TraceLog {

  private TraceLog() {}

  /** The runs found, in the order they first appear. */
  public record Contents(List<RunTrace> runs, int skippedLines, boolean truncatedLastLine) {}

  private static final ObjectMapper LENIENT = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public static Contents read(String text) {
    Map<String, Builder> runs = new LinkedHashMap<>();
    int skipped = 0;
    boolean truncated = false;
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = LENIENT.readTree(line);
      } catch (JsonProcessingException e) {
        boolean last = i == lines.size() - 1 && !text.endsWith("\n");
        if (last && line.startsWith("{")) {
          truncated = true;
        } else {
          skipped++;
        }
        continue;
      }
      if (!isRunLine(node)) {
        skipped++;
        continue;
      }
      Builder run = runs.computeIfAbsent(node.get("runId").asText(), Builder::new);
      try {
        run.add(node);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        skipped++;
      }
    }
    return new Contents(runs.values().stream().map(Builder::build).toList(), skipped, truncated);
  }

  private static boolean isRunLine(JsonNode node) {
    return node.isObject() && node.hasNonNull("runId") && node.hasNonNull("kind")
        && node.hasNonNull("atSeconds")
        && Run.EVENT_LOGGER.equals(node.path("logger_name").asText(Run.EVENT_LOGGER));
  }

  private static final class Builder {
    final String runId;
    String traceId;
    String scenario;
    Mode mode;
    Double speed;
    Integer baristas;
    Double expectedSeconds;
    String status = "RUNNING";
    /** The attempt the lines now read belong to (RUN_STARTED says; 1 before it does). */
    int attempt = 1;
    Double makespanSeconds;
    RunReport.Figures figures;
    final List<CafeEvent> events = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();

    Builder(String runId) {
      this.runId = runId;
    }

    void add(JsonNode node) throws JsonProcessingException {
      if (traceId == null && node.hasNonNull("traceId")) {
        traceId = node.get("traceId").asText();
      }
      switch (node.get("kind").asText()) {
        case "event" -> {
          CafeEvent event = LENIENT.treeToValue(node, CafeEvent.class);
          if (event.type() == null) {
            throw new IllegalArgumentException("an event without a type");
          }
          int started = node.path("attempt").asInt(1);
          if (event.type() == CafeEvent.Type.RUN_STARTED && started > attempt) {
            // Resumed: the earlier attempt, cut short by a stop, is not the run's story.
            attempt = started;
            events.clear();
            messages.clear();
            status = "RUNNING";
            makespanSeconds = null;
            figures = null;
          }
          events.add(event);
          if (event.type() == CafeEvent.Type.RUN_STARTED) {
            scenario = text(node, "scenario");
            mode = Mode.parse(text(node, "mode")).orElse(null);
            speed = number(node, "speed");
            baristas = node.hasNonNull("baristas") ? node.get("baristas").asInt() : null;
            expectedSeconds = number(node, "expectedSeconds");
          } else if (node.hasNonNull("status")) {
            status = node.get("status").asText();
            // Logs written before makespanSeconds existed have only the measured figure.
            makespanSeconds = number(node, node.has("makespanSeconds") ? "makespanSeconds"
                : "elapsedSeconds");
            // Logs written before runs had statistics have none.
            figures = node.hasNonNull("figures")
                ? LENIENT.treeToValue(node.get("figures"), RunReport.Figures.class) : null;
          }
        }
        case "message" -> messages.add(LENIENT.treeToValue(node, Message.class));
        default -> throw new IllegalArgumentException("unknown kind");
      }
    }

    RunTrace build() {
      return new RunTrace(runId, traceId, scenario, mode, speed, baristas, expectedSeconds,
          status, makespanSeconds, events, messages, figures);
    }

    private static String text(JsonNode node, String field) {
      return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Double number(JsonNode node, String field) {
      return node.hasNonNull(field) ? node.get(field).asDouble() : null;
    }
  }
}
