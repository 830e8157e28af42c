package cafesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir
  Path dir;

  @Test
  void defaultsComeFromReferenceConf() {
    Settings settings = Settings.from(Settings.loadConfig(new File("does-not-exist.conf")));
    assertEquals("127.0.0.1", settings.http().host());
    assertEquals(8080, settings.http().port());
    assertEquals(3.0, settings.menu().get("americano").brewSeconds());
    assertEquals(5.0, settings.menu().get("latte").brewSeconds());
    assertEquals(1000.0, settings.runs().maxSpeed());
    assertEquals(1, settings.runs().defaultBaristas());
    assertEquals(0, settings.runs().defaultMachines());
  }

  @Test
  void theOperatorsFileOverridesTheDefaultsAndSystemPropertiesOverrideTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("application.conf"), """
        cafesim.http.port = 9000
        cafesim.http.host = "0.0.0.0"
        """);
    System.setProperty("cafesim.http.port", "9001");
    try {
      Settings settings = Settings.from(Settings.loadConfig(file.toFile()));
      assertEquals("0.0.0.0", settings.http().host());
      assertEquals(9001, settings.http().port());
    } finally {
      System.clearProperty("cafesim.http.port");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void aMenuWithoutAScenariosDrinkIsRefusedAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("application.conf"), """
        cafesim.menu = [ { name = americano, brew = 3s }, { name = latte, brew = 5s } ]
        """);
    var error = assertThrows(IllegalArgumentException.class,
        () -> Settings.from(Settings.loadConfig(file.toFile())));
    assertTrue(error.getMessage().contains("'espresso'"), error.getMessage());
  }

  @Test
  void aDrinkThatTakesNoTimeIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("application.conf"), """
        cafesim.menu = [ { name = water } ]
        """);
    var error = assertThrows(IllegalArgumentException.class,
        () -> Settings.from(Settings.loadConfig(file.toFile())));
    assertTrue(error.getMessage().contains("water"), error.getMessage());
  }

  /**
   * A number out of its range stops the start, naming the setting and the range: a service
   * that says it is up and refuses every run, or listens elsewhere than asked, is worse.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "cafesim.http.port = -5 | cafesim.http.port is -5; allowed: a port number, 0 to 65535",
      "cafesim.http.port = 70000 | cafesim.http.port is 70000; allowed: a port number",
      "cafesim.runs.max-in-flight = -5 | cafesim.runs.max-in-flight is -5; allowed: 1 or more",
      "cafesim.runs.max-duration = 0s | cafesim.runs.max-duration is 0s; allowed: a duration above 0",
      "cafesim.timers.threads = 0 | cafesim.timers.threads is 0; allowed: 1 to 64",
      "cafesim.warmup-runs = -5 | cafesim.warmup-runs is -5; allowed: 0 (no warm-up) or more",
      "cafesim.runs.default-speed = 2000 | cafesim.runs.default-speed is 2000; allowed: above 0,"
          + " at most cafesim.runs.max-speed (1000)",
      "cafesim.shutdown.drain-deadline = -1s | cafesim.shutdown.drain-deadline is -1s; allowed:"
          + " a duration of 0 or more"})
  void aSettingOutOfItsRangeStopsTheStartNamingIt(String setting, String message) {
    var error = assertThrows(IllegalArgumentException.class, () -> withFile(setting));
    assertTrue(error.getMessage().startsWith(message), error.getMessage());
  }

  private Settings withFile(String text) throws IOException {
    Path file = Files.writeString(dir.resolve("application.conf"), text);
    return Settings.from(Settings.loadConfig(file.toFile()));
  }

  @Test
  void withoutSeedsANodeIsAClusterOfItsOwnOnAFreePort() throws IOException {
    var config = withFile("").config();
    assertEquals(List.of(), config.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(0, config.getInt("pekko.remote.artery.canonical.port"));
    assertEquals("127.0.0.1", config.getString("pekko.remote.artery.bind.hostname"));
  }

  @Test
  void seedsBecomePekkoAddressesOnPort25520ByDefault() throws IOException {
    var config = withFile("""
        cafesim.storage.db-url = "jdbc:postgresql://db:5432/cafesim"
        cafesim.cluster { host = "10.0.0.7", bind-host = "0.0.0.0", seeds = "10.0.0.1:25520, n2:25521" }
        """).config();
    assertEquals(List.of("pekko://cafesim@10.0.0.1:25520", "pekko://cafesim@n2:25521"),
        config.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(25520, config.getInt("pekko.remote.artery.canonical.port"));
    assertEquals("10.0.0.7", config.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals("0.0.0.0", config.getString("pekko.remote.artery.bind.hostname"));
  }

  @Test
  void onH2TheJournalWritesOneBatchAtATimeAndOnPostgresEight() throws IOException {
    var h2 = withFile("").config();
    assertTrue(h2.getString("pekko-persistence-jdbc.shared-databases.slick.db.url")
        .startsWith("jdbc:h2:file:"));
    assertEquals(1, h2.getInt("jdbc-journal.parallelism"));
    var postgres = withFile("cafesim.storage.db-url = \"jdbc:postgresql://db:5432/cafesim\"")
        .config();
    assertEquals(8, postgres.getInt("jdbc-journal.parallelism"));
  }

  @Test
  void severalNodesOnH2AreRefusedWithTheReason() {
    var error = assertThrows(IllegalArgumentException.class,
        () -> withFile("cafesim.cluster.seeds = \"127.0.0.1:25520\""));
    assertTrue(error.getMessage().contains("share one PostgreSQL database"), error.getMessage());
  }

  @Test
  void aSeedThatIsNotHostAndPortIsRefused() {
    var error = assertThrows(IllegalArgumentException.class, () -> withFile("""
        cafesim.storage.db-url = "jdbc:postgresql://db:5432/cafesim"
        cafesim.cluster.seeds = "pekko://cafesim@a:1"
        """));
    assertTrue(error.getMessage().contains("CAFESIM_CLUSTER_SEEDS")
        && error.getMessage().contains("host:port"), error.getMessage());
  }
}
