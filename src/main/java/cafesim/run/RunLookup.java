package cafesim.run;

/** What asking for a run's report finds. */
public sealed interface RunLookup extends cafesim.CborSerializable {

  record Found(RunReport report) implements RunLookup {}

  /** No report: the run never existed, or it expired; {@code reason} says which. */
  record Missing(String reason) implements RunLookup {}
}
