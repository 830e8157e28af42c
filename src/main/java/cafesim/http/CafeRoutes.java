package cafesim.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import cafesim.Settings;
import cafesim.run.RunRegistry;
import cafesim.run.Scenario;
import cafesim.run.Scenarios;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The HTTP API: the cafe's menu and scenarios here, runs and their traces in
 * {@link RunRoutes}. Holds no state: every request about runs asks the {@link RunRegistry}.
 * See docs/api.md for the endpoints with examples.
 */
public final class CafeRoutes {

  public record Health(String status) {}

  public record ScenarioList(List<Scenario> scenarios) {}

  private final Settings settings;
  private final RunRoutes runs;

  public CafeRoutes(ActorSystem<?> system, ActorRef<RunRegistry.Command> registry,
      Settings settings) {
    this.settings = settings;
    this.runs = new RunRoutes(system, registry, settings);
  }

  public Route routes() {
    return handleExceptions(ErrorHandling.EXCEPTIONS, () ->
        handleRejections(ErrorHandling.REJECTIONS, () -> concat(
            path("health", () -> get(() ->
                complete(StatusCodes.OK, new Health("UP"), Json.marshaller()))),
            path("menu", () -> get(() ->
                complete(StatusCodes.OK, settings.menu(), Json.marshaller()))),
            path("scenarios", () -> get(() -> complete(StatusCodes.OK,
                new ScenarioList(Scenarios.ALL), Json.marshaller()))),
            pathPrefix("runs", runs::routes))));
  }
}
