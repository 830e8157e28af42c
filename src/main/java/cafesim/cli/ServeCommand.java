package cafesim.cli;

import cafesim.Main;
import cafesim.Settings;
import cafesim.http.CafeServer;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serves the HTTP API (the default command).",
        "Binds cafesim.http.host:port (127.0.0.1:8080; env CAFESIM_HTTP_HOST, CAFESIM_HTTP_PORT)."})
public final class ServeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // Logging starts before the actor system, so Pekko's first lines are not replayed.
    Logger log = LoggerFactory.getLogger(ServeCommand.class);
    CafeServer.start(Settings.load()).whenComplete((server, failure) -> {
      if (failure != null) {
        log.error("cafesim could not start: {}", failure.getMessage());
        System.exit(1);
      }
    });
    return Main.STILL_RUNNING;
  }
}
