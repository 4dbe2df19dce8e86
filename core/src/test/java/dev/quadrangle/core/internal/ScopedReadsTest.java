package dev.quadrangle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.repository.PageRequest;
import dev.quadrangle.core.repository.PartitionScope;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/**
 * Regression guard for repository reads that rendered and executed the whole query through jOOQ on every
 * call (about 8× the cost of the same lookup over raw JDBC): a shape is rendered once, and each call
 * produces the same SQL text with typed bind values.
 */
class ScopedReadsTest {
    static final OffsetDateTime JAN = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final PartitionSpec GRADES = PartitionSpec.builder("grade")
            .column("id", SQLDataType.BIGINT.notNull())
            .column("student_id", SQLDataType.BIGINT.notNull())
            .column("score", SQLDataType.DOUBLE.notNull())
            .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .primaryKey("id", "graded_at")
            .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
            .build();

    private static ScopedReads reads() {
        List<Field<?>> fields = GRADES.columns().keySet().stream().<Field<?>>map(GRADES::field).toList();
        return new ScopedReads(GRADES, fields);
    }

    @Test
    void aShapeIsRenderedOnceAndEveryCallSendsTheSameText() {
        ScopedReads reads = reads();
        Set<String> texts = new HashSet<>();
        for (int month = 0; month < 50; month++) {
            OffsetDateTime from = JAN.plusMonths(month);
            ScopedReads.Statement s = reads.findStatement(PartitionScope.between("graded_at", from, from.plusMonths(1)),
                    DSL.field(DSL.name("id")).eq((long) month), 1);
            texts.add(s.sql());
            assertThat(s.binds()).containsExactly(from, from.plusMonths(1), (long) month, 1);
        }
        assertThat(reads.shapesRendered()).isEqualTo(1);
        assertThat(texts).containsExactly("select \"id\", \"student_id\", \"score\", \"graded_at\" from \"public\".\"grade\""
                + " where (\"graded_at\" >= cast(? as timestamp with time zone)"
                + " and \"graded_at\" < cast(? as timestamp with time zone)) and (\"id\" = ?) limit ?");
    }

    @Test
    void scopeValuesAreConvertedToTheColumnType() {
        ScopedReads.Statement s = reads().countStatement(PartitionScope.between("graded_at", JAN, JAN.plusDays(1))
                .and("student_id", 42), DSL.noCondition());
        assertThat(s.binds()).containsExactly(JAN, JAN.plusDays(1), 42L);
        assertThat(s.binds().get(2)).isInstanceOf(Long.class);
        assertThat(s.sql()).isEqualTo("select count(*) from \"public\".\"grade\" where ((\"graded_at\" >= cast(? as timestamp"
                + " with time zone) and \"graded_at\" < cast(? as timestamp with time zone)) and (\"student_id\" = ?))");
    }

    @Test
    void pagesRenderOneShapePerOrderAndSeekPosition() {
        ScopedReads reads = reads();
        PartitionScope scope = PartitionScope.between("graded_at", JAN, JAN.plusMonths(1));
        PageRequest first = PageRequest.orderBy("graded_at", "id").descending().limit(10);
        ScopedReads.Statement s1 = reads.pageStatement(scope, DSL.noCondition(), first);
        ScopedReads.Statement s2 = reads.pageStatement(scope, DSL.noCondition(), first.after(List.of(JAN.plusDays(3), 7L)));
        ScopedReads.Statement s3 = reads.pageStatement(scope, DSL.noCondition(), first.after(List.of(JAN.plusDays(2), 5L)));
        assertThat(s1.sql()).endsWith(" order by \"graded_at\" desc, \"id\" desc limit ?");
        assertThat(s2.sql()).isEqualTo(s3.sql()).contains("(\"graded_at\", \"id\") < (cast(? as timestamp with time zone), ?)");
        assertThat(s3.binds()).containsExactly(JAN, JAN.plusMonths(1), JAN.plusDays(2), 5L, 10);
        assertThat(reads.shapesRendered()).isEqualTo(2);
    }

    @Test
    void valuesThatNeedJooqBindingsTakeTheJooqPath() {
        ScopedReads reads = reads();
        PartitionScope scope = PartitionScope.between("graded_at", JAN, JAN.plusMonths(1));
        assertThat(reads.findStatement(scope, DSL.field(DSL.name("doc"), SQLDataType.JSONB).eq(JSONB.valueOf("{}")), 5)).isNull();
        assertThat(reads.findStatement(scope, DSL.field(DSL.name("at"), SQLDataType.INSTANT).lt(Instant.EPOCH), 5)).isNull();
        assertThat(reads.findStatement(scope, DSL.field(DSL.name("id"), SQLDataType.BIGINT).eq((Long) null), 5)).isNull();
        assertThat(reads.findStatement(scope, DSL.field(DSL.name("id")).eq(DSL.inline(3L)), 5).binds())
                .containsExactly(JAN, JAN.plusMonths(1), 5);
    }

    private static Object sample(String column) {
        return column.equals("graded_at") ? JAN : column.equals("score") ? 1.5 : 7L;
    }

    @Test
    void theShapeCacheIsBounded() {
        ScopedReads reads = reads();
        List<String> columns = List.of("id", "student_id", "score", "graded_at");
        int shapes = 0;
        for (String a : columns) {
            for (String b : columns) {
                for (String c : columns) {
                    if (a.equals(b) || b.equals(c) || a.equals(c)) {
                        continue;
                    }
                    for (PartitionScope scope : List.of(PartitionScope.between("graded_at", JAN, JAN.plusMonths(1)),
                            PartitionScope.between("graded_at", JAN, JAN.plusMonths(1)).and("student_id", 1L))) {
                        PageRequest asc = PageRequest.orderBy(a, b, c).limit(5);
                        List<Object> after = List.of(sample(a), sample(b), sample(c));
                        for (PageRequest r : List.of(asc, asc.descending(), asc.after(after), asc.descending().after(after))) {
                            assertThat(reads.pageStatement(scope, null, r)).isNotNull();
                            shapes++;
                        }
                    }
                }
            }
        }
        assertThat(shapes).isGreaterThan(ScopedReads.MAX_SHAPES);
        assertThat(reads.cachedShapes()).isEqualTo(ScopedReads.MAX_SHAPES);
        assertThat(reads.shapesRendered()).isEqualTo(shapes);
    }
}
