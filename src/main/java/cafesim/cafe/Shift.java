package cafesim.cafe;

/**
 * How one run's cafe works: its baristas, how they wait ({@link Mode}), how many drinks each
 * may brew at once, the clock they work by, and how often a barista slips.
 *
 * @param machines drinks one barista may brew at once in async mode; 0 means no limit
 * @param failureRate the chance (0 to 1) that a barista fails at a step of a drink (the end of
 *     its hands-on work, or of its brewing); the barista is restarted and the drink remade
 * @param maxTries how often a drink is made before it is given up as failed
 * @param seed where the baristas' chances start, so a run's slips can be replayed
 * @param maxRemakes how many drinks, all told, the cafe remakes because their barista slipped
 *     on another drink: a slip loses every drink its barista had, so without a budget slips
 *     could make a run's work grow with the square of its drinks
 */
public record Shift(Mode mode, int baristas, int machines, Timeline timeline,
    double failureRate, int maxTries, long seed, long maxRemakes, RunClock clock) {}
