package cafesim.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * The version of the run journal's events ({@link RunEntity.Event}), written with each one:
 * when their shape changes, bump {@link #currentVersion} and turn older JSON into the new
 * shape in {@link #transform}, so runs stored before still replay. Version 1 is the first.
 */
public final class RunEventsMigration extends JacksonMigration {

  @Override
  public int currentVersion() {
    return 1;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
