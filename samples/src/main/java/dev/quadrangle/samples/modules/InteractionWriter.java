package dev.quadrangle.samples.modules;

import dev.quadrangle.core.batch.BatchWriter;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.samples.ops.Interaction;
import dev.quadrangle.samples.schema.CampusPartitions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Raw interactions written through the core module's {@link BatchWriter}: queued, then copied to the
 * primary in batches (by size or every 200 ms), flushed when the backend closes. The spec describes the
 * sample's monthly-partitioned table with its 90-day retention; the id comes from the table's default.
 *
 * <p>Thread-safe.
 */
final class InteractionWriter implements AutoCloseable {
    /** The {@code user_interactions} table as the core module sees it. */
    static final PartitionSpec SPEC = CampusPartitions.USER_INTERACTIONS;
    /** How long closing waits for the last rows. */
    static final Duration CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final BatchWriter writer;
    private final LongAdder failedRows = new LongAdder();

    InteractionWriter(DataSource primary) {
        Objects.requireNonNull(primary, "primary");
        PartitionedRepository repository = PartitionedRepository.builder(SPEC, primary).build();
        this.writer = BatchWriter.builder(repository)
                .capacity(20_000)
                .batchSize(500)
                .flushInterval(Duration.ofMillis(200))
                .failureHandler((List<Object[]> rows, RuntimeException failure) -> failedRows.add(rows.size()))
                .build();
    }

    void write(Interaction i) {
        Objects.requireNonNull(i, "interaction");
        writer.write(new Object[] {i.userId(), i.type(), i.activityId(), i.questionId(),
            OffsetDateTime.now(ZoneOffset.UTC), i.metadataJson()});
    }

    long written() {
        return writer.written();
    }

    long failed() {
        return failedRows.sum();
    }

    @Override
    public void close() {
        try {
            writer.flush(CLOSE_FLUSH_TIMEOUT);
        } finally {
            writer.close();
        }
    }
}
