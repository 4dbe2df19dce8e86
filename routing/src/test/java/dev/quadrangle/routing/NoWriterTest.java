package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** With no node reachable, a write waits for a writer up to its bound, then fails with 08001; it never hangs. */
class NoWriterTest {

    @Test
    void aWriteWithNoWriterKnownFailsAfterMaxWaitForWriterWithSqlState08001() throws Exception {
        List<String> refused = new CopyOnWriteArrayList<>();
        List<NodeStatus> nodes = new CopyOnWriteArrayList<>();
        RoutingListener listener = new RoutingListener() {
            @Override
            public void onWriteRefused(String reason) {
                refused.add(reason);
            }

            @Override
            public void onNodeStatus(NodeStatus status) {
                nodes.add(status);
            }
        };
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .node("a", new RefusingDataSource())
                .node("b", new RefusingDataSource())
                .discoveryInterval(Duration.ofMillis(50))
                .maxWaitForWriter(Duration.ofMillis(300))
                .listener(listener)
                .build();
                Connection c = routing.getConnection()) {
            long started = System.nanoTime();
            assertThatThrownBy(c::createStatement)
                    .isInstanceOf(SQLException.class)
                    .hasMessage("no writer is known after 300 ms (maxWaitForWriter): no node answers as a primary:"
                            + " a is unreachable (Connection to the test node refused); b is unreachable (Connection"
                            + " to the test node refused)")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
            System.out.printf("no writer: the write failed after %d ms (maxWaitForWriter 300 ms)%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(refused).containsExactly("no_writer");
            assertThat(routing.nodeStatuses()).extracting(NodeStatus::name, NodeStatus::role, NodeStatus::writer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", NodeRole.UNKNOWN, false),
                            org.assertj.core.groups.Tuple.tuple("b", NodeRole.UNKNOWN, false));
            assertThat(nodes).isNotEmpty();
        }
    }

    /** A host-supplied data source whose server refuses every connection. */
    private static final class RefusingDataSource implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Connection to the test node refused", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
