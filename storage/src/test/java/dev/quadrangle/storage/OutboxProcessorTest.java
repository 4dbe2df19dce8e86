package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The outbox processor's own thread, without a server: it survives a failed run and says so through SLF4J. */
class OutboxProcessorTest {
    private static final ReferenceSource ACTIVITY = JdbcReferenceColumn.of("activity", "id", "content_ref");

    @Test
    void aFailedBackgroundOutboxRunIsLoggedThroughSlf4jAndRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        DataSource down = (DataSource) Proxy.newProxyInstance(OutboxProcessorTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    attempts.incrementAndGet();
                    throw new SQLException("connection refused");
                });
        PrintStream originalErr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8)); // where the simple binding writes
        try (ContentOffload offload = ContentOffload.builder().store(InMemoryContentStore.named("outbox-log"))
                .dataSource(down).references(ACTIVITY).build()) {
            offload.outbox().start(Duration.ofMillis(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (attempts.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            System.setErr(originalErr);
        }
        assertThat(attempts.get()).as("the thread goes on after a failure").isGreaterThanOrEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("[quadrangle-storage-outbox] WARN dev.quadrangle.storage.OutboxProcessor - content outbox "
                        + "processing failed, will retry: connection refused");
    }
}
