package cafesim.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link RunsOutliveTheProcessTest} on PostgreSQL: the service started with
 * {@code CAFESIM_DB_URL}, {@code CAFESIM_DB_USER} and {@code CAFESIM_DB_PASSWORD}. The database
 * comes from {@code CAFESIM_TEST_DB_URL} (and {@code _USER}, {@code _PASSWORD}), which
 * {@code .ci/run} sets after starting Debian's PostgreSQL. Without it the tests are skipped and
 * say so; in CI ({@code CI=true}) they fail instead, so CI never skips them.
 */
class PostgresRunsTest extends RunsOutliveTheProcessTest {

  private static final String URL = System.getenv("CAFESIM_TEST_DB_URL");
  private static final String USER = System.getenv().getOrDefault("CAFESIM_TEST_DB_USER", "");
  private static final String PASSWORD =
      System.getenv().getOrDefault("CAFESIM_TEST_DB_PASSWORD", "");

  private static final String SKIPPED = "SKIPPED the PostgreSQL tests: CAFESIM_TEST_DB_URL is"
      + " not set (set it, and _USER and _PASSWORD, to a PostgreSQL database, as .ci/run does)";

  @BeforeAll
  static void sayWhenSkipped() {
    if (URL == null && !"true".equals(System.getenv("CI"))) {
      System.err.println("\n*** " + SKIPPED + "\n");
    }
  }

  @BeforeEach
  void aDatabaseOfItsOwn() throws Exception {
    if (URL == null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true but CAFESIM_TEST_DB_URL is not set: the PostgreSQL"
            + " tests must run in CI (.ci/run starts PostgreSQL and sets it)");
      }
      Assumptions.abort(SKIPPED);
    }
    // Each test starts from an empty database, as a new installation would.
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
         Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS runs, event_journal, event_tag, journal,"
          + " snapshot, durable_state CASCADE");
    }
  }

  @Override
  protected Map<String, String> storage() {
    return Map.of("CAFESIM_DB_URL", URL, "CAFESIM_DB_USER", USER,
        "CAFESIM_DB_PASSWORD", PASSWORD);
  }
}
