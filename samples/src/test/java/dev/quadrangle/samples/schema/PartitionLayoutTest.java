package dev.quadrangle.samples.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionLayoutTest {
    private static final CampusCalendar CALENDAR = CampusCalendar.anchoredAt(Instant.parse("2026-11-22T09:30:00.123Z"));

    @Test
    void termsAreConsecutiveAndTheAnchorFallsInTheCurrentOne() {
        List<CampusCalendar.Term> terms = CALENDAR.terms();
        assertThat(terms).extracting(CampusCalendar.Term::id).containsExactly(1, 2, 3);
        assertThat(terms.get(0).endsOn()).isEqualTo(terms.get(1).startsOn());
        assertThat(terms.get(1).endsOn()).isEqualTo(terms.get(2).startsOn());
        assertThat(terms.get(1).start()).isBefore(CALENDAR.anchor());
        assertThat(terms.get(1).end()).isAfter(CALENDAR.anchor());
        assertThat(CALENDAR.anchor()).isEqualTo(Instant.parse("2026-11-22T09:30:00Z"));
        assertThat(CALENDAR.term(2).academicYear()).isEqualTo("2026/27");
        assertThatThrownBy(() -> CALENDAR.term(4)).hasMessage("term id must be 1, 2 or 3, was 4");
    }

    @Test
    void monthsCoverTheGeneratedHistoryAndTwoMonthsAhead() {
        assertThat(CALENDAR.rawDataMonths()).containsExactly(YearMonth.of(2026, 7), YearMonth.of(2026, 8), YearMonth.of(2026, 9),
                YearMonth.of(2026, 10), YearMonth.of(2026, 11), YearMonth.of(2026, 12), YearMonth.of(2027, 1));
        assertThat(CALENDAR.auditYears()).containsExactly(2024, 2025, 2026, 2027);
    }

    @Test
    void gradesArePartitionedByTermThenByHashOfClass() {
        List<String> ddl = new PartitionLayout(CALENDAR).statements();
        assertThat(ddl).contains(
                "CREATE TABLE activity_grades_t2 PARTITION OF activity_grades FOR VALUES FROM ('2026-09-23T00:00Z') TO "
                        + "('2027-01-21T00:00Z') PARTITION BY HASH (class_id)",
                "CREATE TABLE activity_grades_t2_h7 PARTITION OF activity_grades_t2 FOR VALUES WITH (MODULUS 8, REMAINDER 7)",
                "CREATE TABLE answers_y2026m11 PARTITION OF answers FOR VALUES FROM ('2026-11-01T00:00Z') TO ('2026-12-01T00:00Z')",
                "CREATE TABLE audit_logs_y2025 PARTITION OF audit_logs FOR VALUES FROM ('2025-01-01 00:00:00+00') TO "
                        + "('2026-01-01 00:00:00+00')");
        assertThat(ddl).hasSize(3 * (1 + PartitionLayout.GRADE_CLASS_BUCKETS) + 2 * 7 + 4);
        assertThat(ddl.stream().filter(s -> s.contains("PARTITION OF user_interactions"))).hasSize(7);
    }

    @Test
    void schemaResourcesSplitIntoStatements() {
        List<String> tables = CampusSchema.statements(CampusSchema.TABLES);
        assertThat(tables).allSatisfy(s -> assertThat(s).containsAnyOf("CREATE TABLE", "CREATE SEQUENCE"));
        assertThat(tables.stream().filter(s -> s.contains("PARTITION BY"))).hasSize(4);
        assertThat(CampusSchema.statements(CampusSchema.INDEXES)).hasSize(11);
        assertThatThrownBy(() -> CampusSchema.statements("missing.sql"))
                .hasMessage("no schema resource missing.sql next to dev.quadrangle.samples.schema.CampusSchema");
    }
}
