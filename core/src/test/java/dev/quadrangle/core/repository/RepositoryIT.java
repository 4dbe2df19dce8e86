package dev.quadrangle.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServices
class RepositoryIT {
    static final OffsetDateTime NOV = OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final PartitionSpec ANSWERS = PartitionSpec.builder("answer")
            .column("id", SQLDataType.BIGINT.notNull())
            .column("user_id", SQLDataType.BIGINT.notNull())
            .column("question_id", SQLDataType.BIGINT.notNull())
            .column("correct", SQLDataType.BOOLEAN.notNull())
            .column("body", SQLDataType.CLOB)
            .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .primaryKey("id", "created_at", "user_id")
            .index("user_id", "created_at")
            .partitionBy(PartitionLevel.range("created_at", TimeInterval.MONTH))
            .subpartitionBy(PartitionLevel.hash("user_id", 4))
            .premake(2)
            .build();

    static PartitionedRepository answers;

    @BeforeAll
    static void load(TestDatabase db) {
        PartitionManager.builder(db.primary()).clock(new MutableClock(Instant.parse("2026-11-10T00:00:00Z"))).build()
                .ensure(ANSWERS);
        answers = PartitionedRepository.builder(ANSWERS, db.primary()).build();
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 6000; id++) {
            rows.add(row(id, id % 50, id % 2 == 0 ? "tab\there, newline\nthere \\ done" : null, NOV.plusMinutes(id * 7)));
        }
        assertThat(answers.copyInsert(rows)).isEqualTo(6000);
    }

    static Object[] row(long id, long user, String body, OffsetDateTime at) {
        return new Object[] {id, user, id % 300, id % 3 == 0, body, at};
    }

    static PartitionScope november(long user) {
        return PartitionScope.between("created_at", NOV, NOV.plusMonths(1)).and("user_id", user);
    }

    @Test
    void copyInsertKeepsEscapedTextAndNullsIntact(TestDatabase db) throws Exception {
        List<Record> rows = answers.find(november(2), DSL.field("id").eq(2L), 10);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("body", String.class)).isEqualTo("tab\there, newline\nthere \\ done");
        assertThat(answers.find(november(1), DSL.field("id").eq(1L), 10).get(0).get("body")).isNull();
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(body), sum(id) from answer where id <= 6000")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(6000);
            assertThat(rs.getLong(2)).isEqualTo(3000);
            assertThat(rs.getLong(3)).isEqualTo(6000L * 6001 / 2);
        }
    }

    @Test
    void everyReadPrunesToOnePartition() {
        List<String> plan = answers.explainFind(november(7), DSL.field("correct").eq(true));
        assertThat(leafPartitions(plan)).as(String.join("\n", plan)).hasSize(1).allMatch(p -> p.startsWith("answer_p202611_h"));
        List<String> narrow = answers.explainFind(PartitionScope.between("created_at", NOV.plusDays(3), NOV.plusDays(4))
                .and("user_id", 9L), DSL.noCondition());
        assertThat(leafPartitions(narrow)).as(String.join("\n", narrow)).hasSize(1);
    }

    private static Set<String> leafPartitions(List<String> plan) {
        Set<String> leaves = new LinkedHashSet<>();
        Pattern p = Pattern.compile("\\b(answer_p\\d{6}_h\\d)\\b");
        for (String line : plan) {
            Matcher m = p.matcher(line);
            while (m.find()) {
                leaves.add(m.group(1));
            }
        }
        return leaves;
    }

    @Test
    void timestampBoundsPruneAtPlanTime() {
        // a typed timestamptz parameter lets the planner prune; a text cast would leave "Subplans Removed" at run time
        List<String> plan = answers.explainFind(november(7), DSL.field(DSL.name("id")).eq(57L));
        assertThat(plan).as(String.join("\n", plan)).noneMatch(line -> line.contains("Subplans Removed"))
                .noneMatch(line -> line.contains("cstring"));
    }

    @Test
    void readsSendOneStableServerPreparedStatementAndNothingElse(TestDatabase db) throws Exception {
        try (Connection physical = db.primary().getConnection()) {
            List<String> prepared = new ArrayList<>();
            int[] other = new int[1];
            Connection shared = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "close":
                                return null;
                            case "prepareStatement":
                                prepared.add((String) args[0]);
                                break;
                            case "createStatement":
                            case "prepareCall":
                                other[0]++;
                                break;
                            default:
                                break;
                        }
                        try {
                            return method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            DataSource oneConnection = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            return shared;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            PartitionedRepository repository = PartitionedRepository.builder(ANSWERS, oneConnection).build();
            for (long id = 1; id <= 12; id++) {
                List<Record> rows = repository.find(november(id % 50), DSL.field(DSL.name("id")).eq(id), 1);
                assertThat(rows).extracting(r -> r.get("id", Long.class)).containsExactly(id);
            }
            assertThat(other[0]).as("statements besides the reads").isZero();
            assertThat(prepared).hasSize(12);
            assertThat(new LinkedHashSet<>(prepared)).hasSize(1);
            try (Statement s = physical.createStatement(); ResultSet rs = s.executeQuery(
                    "select count(*) from pg_prepared_statements where statement like '%from \"public\".\"answer\"%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("server-side prepared statements for the read").isEqualTo(1);
            }
        }
    }

    @Test
    void valuesNeedingJooqBindingsReadTheSameRows() {
        OffsetDateTime cut = NOV.plusDays(10);
        List<Record> typed = answers.find(november(5), DSL.field(DSL.name("created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE)
                .lt(cut), 1000);
        List<Record> throughJooq = answers.find(november(5), DSL.field(DSL.name("created_at"), SQLDataType.INSTANT)
                .lt(cut.toInstant()), 1000);
        assertThat(typed).hasSizeGreaterThan(10);
        assertThat(throughJooq).extracting(r -> r.get("id", Long.class))
                .containsExactlyInAnyOrderElementsOf(typed.stream().map(r -> r.get("id", Long.class)).toList());
        assertThat(throughJooq.get(0).get("created_at")).isInstanceOf(OffsetDateTime.class);
    }

    @Test
    void aScopeWithoutEveryPartitionKeyIsRefused() {
        assertThatThrownBy(() -> answers.count(PartitionScope.between("created_at", NOV, NOV.plusMonths(1)), DSL.noCondition()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a query on table answer must constrain partition key column user_id so that it prunes to its"
                        + " partitions; scope was [created_at] (spec: public.answer RANGE(created_at) by month then"
                        + " HASH(user_id) modulus 4)");
        assertThatThrownBy(() -> answers.count(PartitionScope.equal("created_at", NOV).andBetween("user_id", 1L, 3L),
                DSL.noCondition())).hasMessage("only the RANGE key column can take a range; user_id is not the RANGE key of table answer");
    }

    @Test
    void keysetPagesWalkEveryRowOnceInOrder() {
        PageRequest request = PageRequest.orderBy("created_at", "id").descending().limit(7);
        List<Long> seen = new ArrayList<>();
        for (int pages = 0; pages < 100; pages++) {
            KeysetPage page = answers.page(november(3), DSL.noCondition(), request);
            page.rows().forEach(r -> seen.add(r.get("id", Long.class)));
            if (page.nextAfter().isEmpty()) {
                break;
            }
            request = request.after(page.nextAfter().get());
        }
        List<Long> expected = new ArrayList<>();
        for (long id = 6000; id >= 1; id--) {
            if (id % 50 == 3 && NOV.plusMinutes(id * 7).isBefore(NOV.plusMonths(1))) {
                expected.add(id);
            }
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void insertIgnoringDuplicatesIsIdempotentAndUpsertUpdates() {
        OffsetDateTime at = NOV.plusDays(20);
        List<Object[]> rows = List.of(row(100_001, 11, "first", at), row(100_002, 11, "first", at));
        assertThat(answers.insertIgnoringDuplicates(rows)).isEqualTo(2);
        assertThat(answers.insertIgnoringDuplicates(rows)).isZero();
        assertThat(answers.upsert(List.of(row(100_001, 11, "second", at), row(100_003, 11, "new", at)), List.of("body")))
                .isEqualTo(2);
        List<Record> found = answers.find(november(11), DSL.field("id").between(100_001L, 100_003L), 10);
        assertThat(found).extracting(r -> r.get("body", String.class)).containsExactlyInAnyOrder("second", "first", "new");
        assertThatThrownBy(() -> answers.upsert(rows, List.of("id")))
                .hasMessage("upsert cannot update primary key column id of answer");
    }

    @Test
    void aRowWithoutPartitionNamesTableValueAndSpec() {
        OffsetDateTime future = OffsetDateTime.of(2035, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThatThrownBy(() -> answers.copyInsert(List.<Object[]>of(row(9_000_001, 1, "x", future))))
                .isInstanceOf(NoPartitionException.class)
                .hasMessageStartingWith("no partition of table public.answer for created_at = 2035-01-01 00:00:00+00 (spec:"
                        + " public.answer RANGE(created_at) by month then HASH(user_id) modulus 4)");
        assertThatThrownBy(() -> answers.insertIgnoringDuplicates(List.<Object[]>of(row(9_000_002, 1, "x", future))))
                .isInstanceOf(NoPartitionException.class);
        assertThatThrownBy(() -> answers.copyInsert(List.<Object[]>of(new Object[] {1L})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 0 for table answer has 1 values, expected 6");
    }
}
