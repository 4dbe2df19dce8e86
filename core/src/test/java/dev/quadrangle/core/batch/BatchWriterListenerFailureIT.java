package dev.quadrangle.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Regression: a listener that threw after a written batch made the writer write the batch again and report it failed. */
@RealServices
class BatchWriterListenerFailureIT {

    @Test
    void aThrowingListenerNeitherRepeatsABatchNorStopsTheWriter(TestDatabase db) throws Exception {
        PartitionedRepository repo = BatchWriterIT.repository(db, "bw_listener");
        AtomicInteger flushes = new AtomicInteger();
        BatchWriterListener throwing = new BatchWriterListener() {
            @Override
            public void onFlush(int rows, long nanos) {
                flushes.incrementAndGet();
                throw new IllegalStateException("listener failed");
            }
        };
        try (BatchWriter writer = BatchWriter.builder(repo).batchSize(10).listener(throwing).build()) {
            for (int i = 0; i < 10; i++) {
                writer.write(BatchWriterIT.row(BatchWriterIT.NOW));
            }
            writer.flush(Duration.ofSeconds(30));
            for (int i = 0; i < 10; i++) {
                writer.write(BatchWriterIT.row(BatchWriterIT.NOW));
            }
            writer.flush(Duration.ofSeconds(30));
            assertThat(writer.written()).isEqualTo(20);
            assertThat(writer.failed()).isZero();
        }
        assertThat(flushes).hasValue(2);
        assertThat(BatchWriterIT.count(db, "bw_listener")).isEqualTo(20);
    }
}
