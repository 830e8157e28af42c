package cafesim;

import cafesim.cafe.Menu;
import cafesim.run.Guardian;
import cafesim.run.JdbcRunTable;
import cafesim.run.Run;
import cafesim.run.RunSpec;
import cafesim.run.Scenario;
import cafesim.run.Scenarios;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * cafesim's settings, read once at start.
 *
 * <p>Layers, strongest first: {@code -D} system properties; the environment variables named in
 * {@code environment.conf}; the file {@code config/application.conf} (or the one named by
 * {@code CAFESIM_CONFIG}), if it exists; {@code application.conf} on the classpath;
 * {@code reference.conf}.
 */
public record Settings(Http http, Runs runs, RunSpec.Faults faults, Menu menu, int warmupRuns,
    Duration drainDeadline, Guardian.Storage storage, Config config) {

  /** @param apiToken empty for none */
  public record Http(String host, int port, Duration askTimeout, Duration maxWait,
      long maxBodySize, String apiToken) {}

  /** @param maxDuration the longest a run may take by the wall clock */
  public record Runs(double defaultSpeed, double maxSpeed, int defaultBaristas, int maxBaristas,
      int defaultMachines, int maxCustomers, int maxDrinksPerCustomer, int maxArrivals,
      int maxVirtualArrivals,
      Duration maxDuration,
      cafesim.run.Runs.Limits limits) {}

  public static Config loadConfig() {
    String named = System.getenv("CAFESIM_CONFIG");
    // The default file may be missing; one named on purpose must be there.
    if (named != null && !new File(named).isFile()) {
      throw new IllegalArgumentException("CAFESIM_CONFIG is '" + named + "', which is not a"
          + " file; allowed: the path of a HOCON file (or leave it unset for"
          + " config/application.conf, if there is one)");
    }
    return loadConfig(new File(named != null ? named : "config/application.conf"));
  }

  /** The layers above, with {@code file} as the operator's file (ignored if missing). */
  public static Config loadConfig(File file) {
    ConfigFactory.invalidateCaches();
    return ConfigFactory.defaultOverrides()
        .withFallback(ConfigFactory.parseResources("environment.conf"))
        .withFallback(ConfigFactory.parseFile(file))
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  public static Settings load() {
    String port = System.getenv("CAFESIM_HTTP_PORT");
    if (port != null && !(port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535)) {
      throw new IllegalArgumentException("CAFESIM_HTTP_PORT is '" + port
          + "'; allowed: a port number, 0 to 65535 (0: any free port)");
    }
    return from(loadConfig());
  }

  /** Reads and checks the settings; a menu that lacks a scenario's drink fails here, at start. */
  public static Settings from(Config given) {
    JdbcRunTable.Database database = database(given.getConfig("cafesim.storage"));
    Config config = journalDatabase(database)
        .withFallback(cluster(given.getConfig("cafesim.cluster"), database))
        .withFallback(given);
    Menu menu = Menu.fromConfig(config);
    for (Scenario scenario : Scenarios.ALL) {
      for (Scenario.Guest guest : scenario.guests()) {
        guest.drinks().stream().filter(d -> menu.find(d).isEmpty()).findFirst().ifPresent(d -> {
          throw new IllegalArgumentException("cafesim.menu has no '" + d
              + "', which scenario '" + scenario.name() + "' needs; the menu has: " + menu.names());
        });
      }
    }
    double failureRate = config.getDouble("cafesim.faults.barista-failure-rate");
    if (failureRate < 0 || failureRate > 1 || config.getInt("cafesim.faults.max-tries") < 1) {
      throw new IllegalArgumentException("cafesim.faults: barista-failure-rate must be 0 to 1"
          + " and max-tries at least 1");
    }
    checkRanges(config);
    Config http = config.getConfig("cafesim.http");
    Config runs = config.getConfig("cafesim.runs");
    if (runs.getInt("max-kept-events-in-flight") < runs.getInt("max-kept-events")) {
      throw new IllegalArgumentException("cafesim.runs.max-kept-events-in-flight must be at"
          + " least cafesim.runs.max-kept-events: else a run that may slip could never start");
    }
    if (runs.getInt("keep-events") < runs.getInt("max-kept-events")) {
      throw new IllegalArgumentException("cafesim.runs.keep-events (" + runs.getInt("keep-events")
          + ") must be at least cafesim.runs.max-kept-events (" + runs.getInt("max-kept-events")
          + "): the store must hold the largest report");
    }
    return new Settings(
        new Http(http.getString("host"), http.getInt("port"),
            http.getDuration("ask-timeout"), http.getDuration("max-wait"),
            http.getBytes("max-body-size"), http.getString("api-token")),
        new Runs(runs.getDouble("default-speed"), runs.getDouble("max-speed"),
            runs.getInt("default-baristas"), runs.getInt("max-baristas"),
            runs.getInt("default-machines"), runs.getInt("max-customers"),
            runs.getInt("max-drinks-per-customer"), runs.getInt("max-arrivals"),
            runs.getInt("max-virtual-arrivals"),
            runs.getDuration("max-duration"),
            new cafesim.run.Runs.Limits(runs.getInt("keep"), runs.getDuration("keep-for"),
                runs.getInt("keep-events"), runs.getInt("max-in-flight"),
                runs.getInt("max-drinks-in-flight"), runs.getInt("max-kept-events-in-flight"),
                runs.getDuration("retry-after"),
                new Run.Bounds(runs.getInt("max-kept-events"), runs.getDuration("max-duration")))),
        new RunSpec.Faults(config.getDouble("cafesim.faults.barista-failure-rate"),
            config.getInt("cafesim.faults.max-tries")),
        menu,
        config.getInt("cafesim.warmup-runs"),
        config.getDuration("cafesim.shutdown.drain-deadline"),
        new Guardian.Storage(true, database),
        config);
  }

  /**
   * Each number of the settings within what it can mean, so that a bad one stops the start
   * with its name and its range rather than a service that says it is up and refuses every
   * run (a max-in-flight of -5) or listens on another port than asked (a port of -5 is 80).
   */
  static void checkRanges(Config config) {
    intIn(config, "cafesim.http.port", 0, 65535, "a port number, 0 to 65535 (0: any free port)");
    for (String limit : List.of("max-baristas", "default-baristas", "max-customers",
        "max-drinks-per-customer", "max-arrivals", "max-virtual-arrivals", "max-kept-events",
        "max-kept-events-in-flight", "keep", "keep-events", "max-in-flight",
        "max-drinks-in-flight")) {
      intIn(config, "cafesim.runs." + limit, 1, Integer.MAX_VALUE, "1 or more");
    }
    intIn(config, "cafesim.runs.default-machines", 0, Integer.MAX_VALUE,
        "0 (no limit) or more");
    intIn(config, "cafesim.warmup-runs", 0, Integer.MAX_VALUE, "0 (no warm-up) or more");
    intIn(config, "cafesim.cli-warmup-runs", 0, Integer.MAX_VALUE, "0 (no warm-up) or more");
    intIn(config, "cafesim.timers.threads", 1, 64, "1 to 64");
    intIn(config, "cafesim.http.timelines-kept", 0, Integer.MAX_VALUE, "0 or more");
    for (String duration : List.of("cafesim.runs.max-duration", "cafesim.runs.keep-for",
        "cafesim.runs.retry-after", "cafesim.http.ask-timeout", "cafesim.http.max-wait",
        "cafesim.http.first-request-deadline")) {
      if (config.getDuration(duration).compareTo(Duration.ZERO) <= 0) {
        throw new IllegalArgumentException(duration + " is " + config.getString(duration)
            + "; allowed: a duration above 0 (10s, 5m, 1h)");
      }
    }
    for (String duration : List.of("cafesim.shutdown.drain-deadline",
        "cafesim.timers.spin-before")) {
      if (config.getDuration(duration).isNegative()) {
        throw new IllegalArgumentException(duration + " is " + config.getString(duration)
            + "; allowed: a duration of 0 or more (10s, 1ms)");
      }
    }
    double maxSpeed = config.getDouble("cafesim.runs.max-speed");
    if (!(maxSpeed > 0 && Double.isFinite(maxSpeed))) {
      throw new IllegalArgumentException("cafesim.runs.max-speed is "
          + config.getString("cafesim.runs.max-speed") + "; allowed: a number above 0");
    }
    double defaultSpeed = config.getDouble("cafesim.runs.default-speed");
    if (!(defaultSpeed > 0 && defaultSpeed <= maxSpeed)) {
      throw new IllegalArgumentException("cafesim.runs.default-speed is "
          + config.getString("cafesim.runs.default-speed") + "; allowed: above 0, at most"
          + " cafesim.runs.max-speed (" + config.getString("cafesim.runs.max-speed") + ")");
    }
  }

  private static void intIn(Config config, String path, int least, int most, String allowed) {
    int value = config.getInt(path);
    if (value < least || value > most) {
      throw new IllegalArgumentException(path + " is " + value + "; allowed: " + allowed);
    }
  }

  /**
   * The database: PostgreSQL if {@code db-url} is set, else an H2 file in {@code data-dir},
   * written through at once ({@code WRITE_DELAY=0}) so what was acknowledged survives a kill -9;
   * its dead chunks free for reuse at once ({@code RETENTION_TIME=0}), for {@code
   * run.H2Compaction}.
   */
  static JdbcRunTable.Database database(Config storage) {
    String url = storage.getString("db-url");
    if (url.isEmpty()) {
      File dir = new File(storage.getString("data-dir")).getAbsoluteFile();
      return new JdbcRunTable.Database("jdbc:h2:file:" + new File(dir, "cafesim").getPath()
          + ";WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0"
          + ";CACHE_SIZE=16384", "sa", "");
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      // Not echoed: a URL may carry a password.
      throw new IllegalArgumentException("cafesim.storage.db-url (CAFESIM_DB_URL) is not a"
          + " PostgreSQL URL; allowed: empty (H2 in data-dir) or"
          + " jdbc:postgresql://host:port/database");
    }
    return new JdbcRunTable.Database(url, storage.getString("db-user"),
        storage.getString("db-password"));
  }

  /** The port a node with seeds listens on when none is given: Pekko's usual. */
  static final int CLUSTER_PORT = 25520;

  /**
   * Artery's address and the seed nodes, from {@code cafesim.cluster}. Seeds are
   * {@code host:port} (the actor system is always "cafesim"). Several nodes need one shared
   * database: an H2 file belongs to one process, so a node with seeds on H2 is refused.
   */
  static Config cluster(Config cluster, JdbcRunTable.Database database) {
    List<String> seeds = new ArrayList<>();
    for (String seed : cluster.getString("seeds").split(",")) {
      String trimmed = seed.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!trimmed.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
        throw new IllegalArgumentException("cafesim.cluster.seeds (CAFESIM_CLUSTER_SEEDS) has '"
            + trimmed + "'; allowed: comma-separated host:port, e.g. 10.0.0.1:25520,10.0.0.2:25520");
      }
      seeds.add("pekko://cafesim@" + trimmed);
    }
    if (!seeds.isEmpty() && !database.url().startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("cafesim.cluster.seeds (CAFESIM_CLUSTER_SEEDS) is set,"
          + " but the runs are kept in H2, a file of this process: the nodes of a cluster must"
          + " share one PostgreSQL database; set CAFESIM_DB_URL (docs/cluster.md)");
    }
    String portText = cluster.getString("port").trim();
    int port = portText.isEmpty() ? (seeds.isEmpty() ? 0 : CLUSTER_PORT) : -1;
    if (port < 0) {
      if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65535) {
        throw new IllegalArgumentException("cafesim.cluster.port (CAFESIM_CLUSTER_PORT) is '"
            + portText + "'; allowed: a port number, 0 to 65535 (0: any free port)");
      }
      port = Integer.parseInt(portText);
    }
    String host = cluster.getString("host").trim();
    String bindHost = cluster.getString("bind-host").trim();
    Map<String, Object> settings = new HashMap<>();
    settings.put("pekko.remote.artery.canonical.hostname", host);
    settings.put("pekko.remote.artery.canonical.port", port);
    settings.put("pekko.remote.artery.bind.hostname", bindHost.isEmpty() ? host : bindHost);
    settings.put("pekko.remote.artery.bind.port", port);
    settings.put("pekko.cluster.seed-nodes", seeds);
    return ConfigFactory.parseMap(settings);
  }

  /**
   * The journal plugin's shared database, the same the run table uses. On H2 the journal
   * writes one batch at a time ({@code parallelism} 1, not 8): H2 commits one at a time
   * whatever the connections, so one writer gathers into one commit what eight would queue as
   * eight (POST /runs, one core: about 110 runs a second with 8, 150 to 200 with 1;
   * docs/performance.md, "HTTP").
   */
  private static Config journalDatabase(JdbcRunTable.Database database) {
    boolean postgres = database.url().startsWith("jdbc:postgresql:");
    String at = "pekko-persistence-jdbc.shared-databases.slick.";
    return ConfigFactory.parseMap(Map.of(
        at + "profile", postgres ? "slick.jdbc.PostgresProfile$" : "slick.jdbc.H2Profile$",
        at + "db.url", database.url(),
        at + "db.user", database.user(),
        at + "db.password", database.password(),
        at + "db.driver", postgres ? "org.postgresql.Driver" : "org.h2.Driver",
        "jdbc-journal.parallelism", postgres ? 8 : 1));
  }
}
