package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline every data-access benchmark compares against: a primary-key {@code SELECT} through a
 * raw HikariCP pool on the primary, with a prepared statement per call (as an application does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class BaselineBenchmark {
    private BenchmarkDatabase database;
    private HikariDataSource pool;

    /** Creates the database and the pool. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        database = BenchmarkDatabase.withItems("baseline");
        pool = database.primaryPool(4);
    }

    /** Closes the pool and drops the database. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        database.close();
    }

    /**
     * Reads one row by primary key.
     *
     * @return the row's score, so that the JIT cannot drop the read
     */
    @Benchmark
    public int hikariPrimaryKeyRead() throws SQLException {
        long id = ThreadLocalRandom.current().nextLong(1, BenchmarkDatabase.ITEM_ROWS + 1);
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT title, score FROM item WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("item " + id + " is missing");
                }
                return rs.getInt(2);
            }
        }
    }
}
