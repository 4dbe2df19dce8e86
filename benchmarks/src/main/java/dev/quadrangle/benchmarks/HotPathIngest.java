package dev.quadrangle.benchmarks;

import dev.quadrangle.core.batch.BatchWriter;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.samples.data.CampusScale;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jooq.impl.SQLDataType;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@value #ANSWERS} answers to store into {@code answers_ingest} (shaped like {@code answers}), emptied
 * before every invocation and counted after it, and core's {@link BatchWriter} on that table.
 */
@State(Scope.Benchmark)
public class HotPathIngest {
    /** Answers per invocation. */
    static final int ANSWERS = 5_000;
    /** How long a flush may take before the invocation fails. */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);

    /** {@code answers_ingest} as the core module sees it; the id comes from the table's default. */
    static final PartitionSpec SPEC = PartitionSpec.builder("answers_ingest")
            .column("student_id", SQLDataType.BIGINT.notNull())
            .column("question_id", SQLDataType.BIGINT.notNull())
            .column("selected_option", SQLDataType.SMALLINT.notNull())
            .column("is_correct", SQLDataType.BOOLEAN.notNull())
            .column("time_taken_ms", SQLDataType.INTEGER.notNull())
            .column("answered_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .partitionBy(PartitionLevel.range("answered_at", TimeInterval.MONTH))
            .build();

    private HotPathCampus campus;
    List<Object[]> answers;
    BatchWriter writer;

    /** Generates the answers and starts the writer. */
    @Setup(Level.Trial)
    public void setUp(HotPathCampus campus) {
        this.campus = campus;
        SplittableRandom random = new SplittableRandom(HotPathDataset.SEED);
        OffsetDateTime now = HotPathDataset.ANCHOR.atOffset(ZoneOffset.UTC);
        answers = new ArrayList<>(ANSWERS);
        for (int i = 0; i < ANSWERS; i++) {
            long student = campus.scale.studentUserId(random.nextInt(campus.scale.students()));
            long question = 1 + random.nextInt(CampusScale.questions());
            short selected = (short) (1 + random.nextInt(CampusScale.OPTIONS_PER_QUESTION));
            answers.add(new Object[] {student, question, selected, random.nextInt(4) != 0, 3_000 + random.nextInt(87_000),
                now.minusSeconds(i)});
        }
        writer = BatchWriter.builder(PartitionedRepository.builder(SPEC, campus.pool).build()).build();
    }

    /** Empties the table, so that every invocation writes into the same state. */
    @Setup(Level.Invocation)
    public void empty() throws SQLException {
        try (Connection c = campus.pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE answers_ingest");
        }
    }

    /** Fails the run when an invocation did not store every answer. */
    @TearDown(Level.Invocation)
    public void countStored() throws SQLException {
        try (Connection c = campus.pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM answers_ingest")) {
            rs.next();
            if (rs.getLong(1) != ANSWERS || writer.failed() != 0) {
                throw new IllegalStateException("answers_ingest holds " + rs.getLong(1) + " rows after storing " + ANSWERS
                        + " answers; the writer failed " + writer.failed());
            }
        }
    }

    /** Stops the writer (the next run empties the table before its first invocation). */
    @TearDown(Level.Trial)
    public void tearDown() {
        writer.close();
    }

    /** Queues every answer on the writer and waits until all are stored. */
    long writeBatched() {
        for (Object[] answer : answers) {
            writer.write(answer);
        }
        writer.flush(FLUSH_TIMEOUT);
        return writer.written();
    }
}
