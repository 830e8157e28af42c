package cafesim;

import cafesim.cli.RunCommand;
import cafesim.cli.ServeCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar cafesim.jar [serve | run SCENARIO ...]}: serving is the default. */
@Command(name = "cafesim", mixinStandardHelpOptions = true, version = "cafesim 0.1.0",
    description = "Baristas and customers as Pekko actors: concurrent waiting, made visible.",
    subcommands = {ServeCommand.class, RunCommand.class, CommandLine.HelpCommand.class})
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
}
