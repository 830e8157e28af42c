package cafesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
