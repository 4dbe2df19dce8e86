package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** A table HASH-partitioned at its first (only) level, on PostgreSQL: the manager creates every remainder. */
@RealServices
class HashTopLevelIT {
    private static final PartitionSpec SESSIONS = PartitionSpec.builder("hash_session")
            .column("id", SQLDataType.BIGINT.notNull())
            .column("student_id", SQLDataType.BIGINT.notNull())
            .column("minutes", SQLDataType.INTEGER.notNull())
            .primaryKey("id", "student_id")
            .partitionBy(PartitionLevel.hash("student_id", 4))
            .build();

    @Test
    void everyRemainderGetsAPartitionRowsSpreadAndAScopedReadPrunesToOne(TestDatabase db) throws SQLException {
        PartitionManager manager = PartitionManager.builder(db.primary()).build();
        EnsureResult first = manager.ensure(SESSIONS);
        assertThat(first.created()).containsExactly("hash_session", "hash_session_h0", "hash_session_h1", "hash_session_h2",
                "hash_session_h3");
        assertThat(manager.ensure(SESSIONS).created()).as("a second run finds them").isEmpty();
        assertThat(manager.partitions(SESSIONS)).containsExactly("hash_session_h0", "hash_session_h1", "hash_session_h2",
                "hash_session_h3");

        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 2000; id++) {
            rows.add(new Object[] {id, id % 101, (int) (id % 60)});
        }
        PartitionedRepository repository = PartitionedRepository.builder(SESSIONS, db.primary()).build();
        assertThat(repository.copyInsert(rows)).isEqualTo(2000);

        Map<String, Long> perPartition = new LinkedHashMap<>();
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select tableoid::regclass::text, count(*) from hash_session group by 1 order by 1")) {
            while (rs.next()) {
                perPartition.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertThat(perPartition).containsOnlyKeys("hash_session_h0", "hash_session_h1", "hash_session_h2", "hash_session_h3")
                .allSatisfy((name, count) -> assertThat(count).isPositive());
        assertThat(perPartition.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2000);

        assertThat(repository.count(PartitionScope.equal("student_id", 42L), DSL.noCondition())).isEqualTo(20);
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("explain select count(*) from hash_session where student_id = 42")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            assertThat(plan.toString().split("hash_session_h", -1)).as(plan.toString()).hasSize(2);
        }
    }
}
