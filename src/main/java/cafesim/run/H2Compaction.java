package cafesim.run;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Keeps the H2 file from growing without end. H2 writes every commit as a new chunk of the
 * file, copy on write, and compacts old chunks from a background thread that only runs when
 * commits are written late ({@code WRITE_DELAY} above 0). The service opens it with {@code
 * WRITE_DELAY=0}, so that a {@code 202} is in the file before it is sent; then nothing
 * compacted it, and under POST load the file grew by about 65 KB a run, 96 % of it dead
 * (docs/storage.md, "The file's size"). Every {@code every} this rewrites the live pages of
 * chunks that are mostly dead, on a thread that may block, so that their space is reused by the
 * commits after; {@code RETENTION_TIME=0} in the URL lets it reuse them at once.
 */
public final class H2Compaction implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(H2Compaction.class);

  /**
   * While the file's chunks are on the whole less full than this (per cent of their bytes
   * live), the least full and oldest are rewritten.
   */
  static final int TARGET_FILL_PERCENT = 80;

  /**
   * Live bytes rewritten at most each time: a bound on what it costs. Under POST load on one
   * core, 4 MB a second took 35 to 55 ms of each second and kept the file growing by what the
   * journal keeps (about 4 KB a run); 1 MB took 30 ms and let dead chunks pile up again.
   */
  static final int WRITE_LIMIT_BYTES = 4 << 20;

  private final Connection connection;
  private final MVStore store;
  private volatile Cancellable schedule = Cancellable.alreadyCancelled();

  private H2Compaction(Connection connection, MVStore store) {
    this.connection = connection;
    this.store = store;
  }

  /**
   * Opens a connection of its own to {@code database} (the same embedded store the journal and
   * the run table use) if it is an H2 file; a PostgreSQL database needs none of this.
   */
  public static Optional<H2Compaction> open(JdbcRunTable.Database database) throws SQLException {
    if (!database.url().startsWith("jdbc:h2:file:")) {
      return Optional.empty();
    }
    Connection connection =
        DriverManager.getConnection(database.url(), database.user(), database.password());
    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    return Optional.of(new H2Compaction(connection, session.getDatabase().getStore().getMvStore()));
  }

  /** Compacts every {@code every} on {@code blocking}'s threads, until closed. */
  public H2Compaction every(Duration every, Scheduler scheduler,
      ExecutionContextExecutor blocking) {
    schedule = scheduler.scheduleWithFixedDelay(every, every, this::compactOnce, blocking);
    return this;
  }

  /** Rewrites what is live in mostly dead chunks; says whether it rewrote any. */
  boolean compactOnce() {
    try {
      return store.compact(TARGET_FILL_PERCENT, WRITE_LIMIT_BYTES);
    } catch (MVStoreException e) {
      // The database is closing (the service is stopping): the next start compacts it.
      LOG.debug("H2 compaction skipped: {}", e.getMessage());
      return false;
    } catch (RuntimeException e) {
      // Not the service's to fail over: the next time may do better, and the file is only bigger.
      LOG.warn("H2 compaction failed: {}", e.toString());
      return false;
    }
  }

  /** Of the file's chunks, the per cent of their bytes still live. */
  int chunksFillPercent() {
    return store.getFileStore().getChunksFillRate();
  }

  @Override
  public void close() {
    schedule.cancel();
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("H2 compaction's connection did not close: {}", e.getMessage());
    }
  }
}
