package cafesim.storage;

import cafesim.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link RunsOutliveTheProcessTest} on PostgreSQL: the service started with
 * {@code CAFESIM_DB_URL}, {@code CAFESIM_DB_USER} and {@code CAFESIM_DB_PASSWORD}, on the
 * database of {@link TestDatabase}.
 */
class PostgresRunsTest extends RunsOutliveTheProcessTest {

  @BeforeAll
  static void sayWhenSkipped() {
    if (TestDatabase.URL == null && !"true".equals(System.getenv("CI"))) {
      System.err.println("\n*** " + TestDatabase.SKIPPED + "\n");
    }
  }

  @BeforeEach
  void aDatabaseOfItsOwn() throws Exception {
    TestDatabase.requireEmpty();
  }

  @Override
  protected Map<String, String> storage() {
    return TestDatabase.environment();
  }
}
