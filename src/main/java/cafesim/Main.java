package cafesim;

import cafesim.cli.BenchCommand;
import cafesim.cli.DemoCommand;
import cafesim.cli.HealthCommand;
import cafesim.cli.RunCommand;
import cafesim.cli.ServeCommand;
import cafesim.cli.TraceCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar cafesim.jar [serve | run SCENARIO ... | trace FILE ...]}: serving is the default. */
@Command(name = "cafesim", mixinStandardHelpOptions = true, version = "cafesim 0.1.0",
    description = "Baristas and customers as Pekko actors: concurrent waiting, made visible.",
    subcommands = {ServeCommand.class, RunCommand.class, TraceCommand.class,
        HealthCommand.class, DemoCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

  /**
   * Returned by a command that keeps going after {@code call()} returns (a server, a run in
   * flight); such a command ends the JVM itself.
   */
  public static final int STILL_RUNNING = Integer.MIN_VALUE;

  @Override
  public Integer call() {
    return new ServeCommand().call();
  }

  public static void main(String[] args) {
    String format = System.getenv().getOrDefault("CAFESIM_LOG_FORMAT", "text");
    if (!format.equals("text") && !format.equals("json")) {
      System.err.println("cafesim: CAFESIM_LOG_FORMAT is '" + format + "'; allowed: text, json");
      System.exit(2);
    }
    String level = System.getenv("CAFESIM_LOG_LEVEL");
    // Logback reads a level it does not know as DEBUG, silently.
    if (level != null && !LOG_LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      System.err.println("cafesim: CAFESIM_LOG_LEVEL is '" + level + "'; allowed: "
          + String.join(", ", LOG_LEVELS));
      System.exit(2);
    }
    String logFile = System.getenv("CAFESIM_LOG_FILE");
    // Logback would print its troubles and go on without the file `cafesim trace` reads.
    if (logFile != null && !logFile.isBlank() && !canWrite(Path.of(logFile))) {
      System.err.println("cafesim: CAFESIM_LOG_FILE is '" + logFile + "', which cannot be"
          + " written; allowed: a file that can be, or made (its directories too)");
      System.exit(2);
    }
    useOperatorsLogbackFile();
    int code = new CommandLine(new Main())
        // A bad setting or file is the operator's to fix: say what, without a stack trace.
        .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
          commandLine.getErr().println("cafesim: " + failure.getMessage());
          return 1;
        })
        .execute(args);
    if (code != STILL_RUNNING) {
      System.exit(code);
    }
  }

  private static final List<String> LOG_LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  /**
   * A file that can be appended to, or made: Logback makes the directories missing on its way,
   * so the nearest that exists must be a directory that can be written.
   */
  private static boolean canWrite(Path file) {
    Path at = file.toAbsolutePath();
    if (Files.exists(at)) {
      return Files.isRegularFile(at) && Files.isWritable(at);
    }
    Path dir = at.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    return dir != null && Files.isDirectory(dir) && Files.isWritable(dir);
  }

  /**
   * config/logback.xml, where the operator changes logging, wins over the jar's defaults; an
   * explicit -Dlogback.configurationFile wins over both. Set before anything logs.
   */
  private static void useOperatorsLogbackFile() {
    Path file = Path.of("config", "logback.xml");
    if (System.getProperty("logback.configurationFile") == null && Files.isReadable(file)) {
      System.setProperty("logback.configurationFile", file.toAbsolutePath().toString());
    }
  }
}
