package cafesim.cli;

import cafesim.http.Json;
import cafesim.trace.GanttSvg;
import cafesim.trace.Printable;
import cafesim.trace.RunTrace;
import cafesim.trace.SequenceDiagram;
import cafesim.trace.TimelineText;
import cafesim.trace.TraceLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "trace", mixinStandardHelpOptions = true,
    description = {"Rebuilds runs from cafesim's JSON log lines.",
        "The lines come from CAFESIM_LOG_FILE, or the service's stdout with",
        "CAFESIM_LOG_FORMAT=json (e.g. piped from 'podman logs').",
        "Without --run, lists the runs found."})
public final class TraceCommand implements Callable<Integer> {

  enum Format { text, json, mermaid, svg }

  @Parameters(index = "0", paramLabel = "FILE", description = "A JSON-lines log, or - for stdin.")
  String source;

  @Option(names = "--run", paramLabel = "ID", description = "The run to show.")
  String runId;

  @Option(names = "--format", defaultValue = "text",
      description = "text, json (the events, as in GET /runs/{id}), mermaid or svg. "
          + "Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write there instead of stdout.")
  Path out;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String text = source.equals("-")
        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
        : read(Path.of(source));
    TraceLog.Contents log = TraceLog.read(text);
    PrintStream err = System.err;
    RunTrace run = null;
    if (log.runs().isEmpty()) {
      // Most likely the text log, or another program's: an empty table would look like an answer.
      err.println("cafesim trace: no runs in " + where() + " (" + log.skippedLines()
          + " line(s), none a cafesim run line; trace reads the JSON lines of CAFESIM_LOG_FILE,"
          + " or of stdout with CAFESIM_LOG_FORMAT=json)");
      return spec.exitCodeOnInvalidInput();
    }
    if (runId != null) {
      run = log.runs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElse(null);
      if (run == null) {
        // One line, nothing else on stderr, so a script can show it as it is.
        err.println(notFound(log));
        return spec.exitCodeOnInvalidInput();
      }
    }
    if (log.skippedLines() > 0) {
      err.printf("skipped %d line(s) that are not cafesim run lines%n", log.skippedLines());
    }
    if (log.truncatedLastLine()) {
      err.println("the last line is cut short (is the log still being written?); it was left out");
    }
    String output = run == null ? list(log) : render(run);
    if (out == null) {
      System.out.print(output);
    } else {
      Files.writeString(out, output, StandardCharsets.UTF_8);
      err.println("wrote " + Printable.of(out.toString()));
    }
    return 0;
  }

  private String read(Path file) throws IOException {
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      throw new ParameterException(spec.commandLine(), "cannot read " + file
          + (Files.isDirectory(file) ? ": it is a directory; give a log file" : ""));
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new ParameterException(spec.commandLine(), file + " is not UTF-8 text; a cafesim"
          + " JSON log is (CAFESIM_LOG_FILE, or `podman logs` of a json container)");
    }
  }

  /** "cafesim trace: no run 'run-nope' in app.jsonl (2 runs there; without --run, ...)". */
  private String notFound(TraceLog.Contents log) {
    int runs = log.runs().size();
    return "cafesim trace: no run '" + Printable.of(runId) + "' in " + where()
        + " (" + (runs == 1 ? "1 run" : runs + " runs") + " there; without --run, trace lists"
        + " them)";
  }

  private String where() {
    return source.equals("-") ? "stdin" : Printable.of(source);
  }

  private String render(RunTrace run) throws IOException {
    return switch (format) {
      case text -> TimelineText.render(run);
      // Compact, byte for byte what GET /runs/{id}/trace?format=json answers.
      case json -> Json.MAPPER.writeValueAsString(run.events()) + "\n";
      case mermaid -> SequenceDiagram.render(run);
      case svg -> GanttSvg.render(run);
    };
  }

  private static String list(TraceLog.Contents log) {
    StringBuilder table = new StringBuilder(String.format("%-20s %-16s %-6s %-10s %9s %7s%n",
        "RUN", "SCENARIO", "MODE", "STATUS", "MAKESPAN", "EVENTS"));
    for (RunTrace run : log.runs()) {
      // The ids and names come from the log, which anything may have written.
      table.append(String.format("%-20s %-16s %-6s %-10s %9s %7d%n", Printable.of(run.runId()),
          run.scenario() == null ? "custom" : Printable.of(run.scenario()),
          run.mode() == null ? "?" : run.mode().label(), Printable.of(run.status()),
          run.makespanSeconds() == null ? "-" : String.format("%.3f s", run.makespanSeconds()),
          run.events().size()));
    }
    return table.toString();
  }
}
