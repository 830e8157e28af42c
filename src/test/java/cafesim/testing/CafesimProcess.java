package cafesim.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** cafesim in a JVM of its own, started the way a user starts it, on this build's classpath. */
public final class CafesimProcess {

  private CafesimProcess() {}

  public record Result(int exit, String out, String err) {}

  /** Runs a command to its end. */
  public static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Process process = builder(env, List.of(), args).start();
    process.getOutputStream().close();
    var out = process.getInputStream().readAllBytes();
    var err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("cafesim " + String.join(" ", args) + " did not end");
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  /**
   * A server on a free port; its stdout goes to {@code stdout}. Its data lives where {@code env}
   * says (CAFESIM_DATA_DIR, CAFESIM_DB_URL), else in a fresh directory of its own.
   */
  public record Server(Process process, int port, Path stdout) {}

  private static final Pattern SERVING = Pattern.compile("serving on http://[^:]+:(\\d+)");

  public static Server serve(Map<String, String> env, Path stdout, String... javaOptions)
      throws IOException, InterruptedException {
    Map<String, String> withData = new java.util.HashMap<>(env);
    if (!env.containsKey("CAFESIM_DATA_DIR") && !env.containsKey("CAFESIM_DB_URL")) {
      withData.put("CAFESIM_DATA_DIR", TempData.directory().toString());
    }
    Process process = builder(withData, List.of(javaOptions), "serve")
        .redirectOutput(stdout.toFile())
        .redirectErrorStream(true)
        .start();
    // A minute: three nodes of a cluster may start at once on two cores.
    for (int i = 0; i < 1200; i++) {
      Matcher serving = SERVING.matcher(Files.readString(stdout));
      if (serving.find()) {
        return new Server(process, Integer.parseInt(serving.group(1)), stdout);
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    process.destroyForcibly();
    throw new AssertionError("the server did not start:\n" + Files.readString(stdout));
  }

  private static ProcessBuilder builder(Map<String, String> env, List<String> javaOptions,
      String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(javaOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "cafesim.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    return builder;
  }
}
