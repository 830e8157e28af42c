package cafesim.cli;

import cafesim.Main;
import cafesim.Settings;
import cafesim.http.CafeServer;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
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
    Settings settings = Settings.load();
    // Waited for here, on the command line's thread: System.exit on one of Pekko's threads would
    // hold the JVM's shutdown for Pekko's 10 s timeout while Pekko waits for that thread.
    try {
      CafeServer.start(settings).toCompletableFuture().join();
      return Main.STILL_RUNNING;
    } catch (CompletionException failure) {
      System.err.println("cafesim: " + why(failure.getCause(), settings));
      log.debug("start-up failed", failure.getCause());
      return 1;
    }
  }

  /** One line that names the cause and what to change. */
  private static String why(Throwable failure, Settings settings) {
    Throwable cause = failure;
    boolean database = false;
    while (cause.getCause() != null) {
      database |= cause instanceof SQLException;
      cause = cause.getCause();
    }
    database |= cause instanceof SQLException;
    String address = settings.http().host() + ":" + settings.http().port();
    if (cause instanceof BindException) {
      return "cannot listen on " + address + ": " + cause.getMessage().replaceAll("^\\[.*?\\] ", "")
          + "; choose another port with CAFESIM_HTTP_PORT (or cafesim.http.port)";
    }
    if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
      return "cannot listen on " + address + ": no such host here; choose the address with"
          + " CAFESIM_HTTP_HOST (or cafesim.http.host)";
    }
    if (database) {
      // The root's kind says what its message (often a bare path) means.
      return "cannot open the runs' database, " + settings.storage().database().where() + ": "
          + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "; it is"
          + " CAFESIM_DATA_DIR (an H2 file there) or CAFESIM_DB_URL (PostgreSQL)";
    }
    return "could not start on " + address + ": " + cause;
  }
}
