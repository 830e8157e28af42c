package cafesim.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * The version of the run journal's events ({@link RunEntity.Event}), written with each one:
 * when their shape changes, bump {@link #currentVersion} and turn older JSON into the new
 * shape in {@link #transform}, so runs stored before still replay.
 *
 * <ol>
 *   <li>The first.
 *   <li>A run's spec may have {@code arrivals} (guests it makes up), a {@code warmupSeconds}
 *       and a {@code clock}, each customer
 *       {@code arriveAtSeconds} and {@code patienceSeconds}, each drink a {@code variability};
 *       a report, its {@code stats}. In version 1 the customers all came in at the start (0)
 *       and waited for ever (null), there were no guests, drinks took their times exactly
 *       (read as "fixed") reports had no statistics (null), no warm-up (0) and
 *       every run kept the wall clock's time ("realtime").
 * </ol>
 */
public final class RunEventsMigration extends JacksonMigration {

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    if (fromVersion < 2 && RunEntity.RunAccepted.NAME.equals(json.path("event").asText())) {
      json.path("spec").path("customers").forEach(customer ->
          ((ObjectNode) customer).put("arriveAtSeconds", 0.0));
    }
    return json;
  }
}
