package cafesim.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL database the tests that need one use: {@code CAFESIM_TEST_DB_URL} (and
 * {@code _USER}, {@code _PASSWORD}), which {@code .ci/run} sets after starting Debian's
 * PostgreSQL. Without it those tests are skipped and say so; in CI ({@code CI=true}) they fail
 * instead, so CI never skips them.
 */
public final class TestDatabase {

  public static final String URL = System.getenv("CAFESIM_TEST_DB_URL");
  public static final String USER = System.getenv().getOrDefault("CAFESIM_TEST_DB_USER", "");
  public static final String PASSWORD =
      System.getenv().getOrDefault("CAFESIM_TEST_DB_PASSWORD", "");

  public static final String SKIPPED = "SKIPPED the PostgreSQL tests: CAFESIM_TEST_DB_URL is"
      + " not set (set it, and _USER and _PASSWORD, to a PostgreSQL database, as .ci/run does)";

  private TestDatabase() {}

  /** Skips the test without a database (fails it in CI), then empties the database. */
  public static void requireEmpty() throws SQLException {
    if (URL == null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true but CAFESIM_TEST_DB_URL is not set: the PostgreSQL"
            + " tests must run in CI (.ci/run starts PostgreSQL and sets it)");
      }
      Assumptions.abort(SKIPPED);
    }
    // Each test starts from an empty database, as a new installation would.
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS runs, event_journal, event_tag, journal,"
          + " snapshot, durable_state CASCADE");
    }
  }

  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, USER, PASSWORD);
  }

  /** The service's environment for this database. */
  public static Map<String, String> environment() {
    return Map.of("CAFESIM_DB_URL", URL, "CAFESIM_DB_USER", USER,
        "CAFESIM_DB_PASSWORD", PASSWORD);
  }
}
