package cafesim.run;

/** What asking to cancel a run comes to. */
public sealed interface Cancellation extends cafesim.CborSerializable {

  /** Cancelled now: the final report. */
  record Cancelled(RunReport report) implements Cancellation {}

  /** The run had ended already, with this status: nothing to cancel. */
  record AlreadyEnded(RunReport.Status status) implements Cancellation {}

  record NoSuchRun(String reason) implements Cancellation {}
}
