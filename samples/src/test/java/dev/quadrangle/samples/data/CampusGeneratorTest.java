package dev.quadrangle.samples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quadrangle.samples.schema.CampusCalendar;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CampusGeneratorTest {
    private static final Instant ANCHOR = Instant.parse("2026-11-22T09:30:00Z");
    private static final CampusCalendar CALENDAR = CampusCalendar.anchoredAt(ANCHOR);

    private static DigestSink digest(long seed, int schools, CampusCalendar calendar) throws SQLException {
        DigestSink sink = new DigestSink();
        new CampusGenerator(seed, CampusScale.ofSchools(schools), calendar).generate(sink);
        return sink;
    }

    @Test
    void sameSeedScaleAndAnchorGiveTheSameBytes() throws SQLException {
        DigestSink first = digest(7, 1, CALENDAR);
        DigestSink second = digest(7, 1, CampusCalendar.anchoredAt(ANCHOR));
        assertThat(second.digests()).isEqualTo(first.digests());
        assertThat(second.rows()).isEqualTo(first.rows());
    }

    @Test
    void anotherSeedChangesEveryRandomTableButNotTheFixedOnes() throws SQLException {
        Map<String, String> a = digest(7, 1, CALENDAR).digests();
        Map<String, String> b = digest(8, 1, CALENDAR).digests();
        for (String table : List.of("schools", "users", "activities", "activity_grades", "questions",
                "question_options", "question_pools", "answers", "user_interactions", "audit_logs")) {
            assertThat(b.get(table)).as(table).isNotEqualTo(a.get(table));
        }
        for (String table : List.of("terms", "subjects", "systems", "topics", "classes", "teachers")) {
            assertThat(b.get(table)).as(table).isEqualTo(a.get(table));
        }
    }

    @Test
    void anotherAnchorMovesTheTimestamps() throws SQLException {
        Map<String, String> a = digest(7, 1, CALENDAR).digests();
        Map<String, String> b = digest(7, 1, CampusCalendar.anchoredAt(ANCHOR.plusSeconds(86_400))).digests();
        assertThat(b.get("answers")).isNotEqualTo(a.get("answers"));
        assertThat(b.get("systems")).isEqualTo(a.get("systems"));
    }

    @Test
    void rowCountsFollowTheScale() throws SQLException {
        Map<String, Long> rows = digest(7, 3, CALENDAR).rows();
        CampusScale scale = CampusScale.ofSchools(3);
        assertThat(rows.get("schools")).isEqualTo(3);
        assertThat(rows.get("classes")).isEqualTo(30);
        assertThat(rows.get("students")).isEqualTo(3_000);
        assertThat(rows.get("users")).isEqualTo(3_030);
        assertThat(rows.get("activities")).isEqualTo(30 * 24);
        assertThat(rows.get("questions")).isEqualTo(6 * 8 * 3 * 60);
        assertThat(rows.get("question_options")).isEqualTo(6 * 8 * 3 * 60 * 4);
        assertThat(rows.get("question_pools")).isEqualTo(144);
        assertThat(rows.get("answers")).isEqualTo(3_000 * 12);
        assertThat(rows.get("performance_summaries")).isEqualTo(3_000);
        assertThat(rows.get("user_interactions")).isEqualTo(3_000 * 20);
        assertThat(rows.get("audit_logs")).isEqualTo(3_030 * 20);
        assertThat((double) rows.get("activity_grades")).isCloseTo(1_660.0 * scale.classes(), within(0.05 * 1_660 * 30));
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        assertThat((double) total).isCloseTo(new CampusGenerator(7, scale, CALENDAR).expectedRows(), within(0.01 * total));
    }

    @Test
    void fiftySchoolsAreTheSeedsFiftyThousandStudents() {
        CampusScale scale = CampusScale.ofSchools(50);
        assertThat(scale.students()).isEqualTo(50_000);
        assertThat(scale.classes()).isEqualTo(500);
        assertThat(scale.toString()).isEqualTo("50 schools, 500 classes, 50,000 students, 500 teachers, "
                + "12,000 activities, 8,640 questions");
    }

    @Test
    void performanceSummariesAddUpTheGeneratedAnswers() throws SQLException {
        CollectingSink sink = new CollectingSink("answers", "performance_summaries", "question_options");
        new CampusGenerator(11, CampusScale.ofSchools(1), CALENDAR).generate(sink);
        Map<String, Boolean> correctOption = new HashMap<>();
        for (String[] o : sink.rows("question_options")) {
            correctOption.put(o[0] + "/" + o[1], o[3].equals("t"));
        }
        Map<String, int[]> perStudent = new HashMap<>();
        for (String[] a : sink.rows("answers")) {
            boolean correct = a[4].equals("t");
            assertThat(correctOption.get(a[2] + "/" + a[3])).as("answer %s matches its option", a[0]).isEqualTo(correct);
            int[] t = perStudent.computeIfAbsent(a[1], k -> new int[3]);
            t[0]++;
            t[1] += correct ? 1 : 0;
            t[2] += correct ? 10 * CampusScale.difficultyOf(Long.parseLong(a[2])) : 0;
            assertThat(Instant.parse(a[6])).isBefore(ANCHOR).isAfter(ANCHOR.minus(CampusCalendar.ANSWER_HISTORY));
        }
        for (String[] s : sink.rows("performance_summaries")) {
            int[] t = perStudent.get(s[0]);
            assertThat(new int[] {Integer.parseInt(s[2]), Integer.parseInt(s[3]), Integer.parseInt(s[4])})
                    .as("summary of student %s", s[0]).containsExactly(t);
        }
    }

    @Test
    void poolsArePermutationsOfTheirQuestionsAndDifferBySeed() {
        CampusGenerator generator = new CampusGenerator(5, CampusScale.ofSchools(1), CALENDAR);
        long[] pool = generator.pool(2, 3, 1);
        long first = CampusScale.questionId(2, 3, 1, 0);
        assertThat(Arrays.stream(pool).sorted().toArray())
                .containsExactly(LongStream.range(first, first + CampusScale.QUESTIONS_PER_POOL).toArray());
        assertThat(pool).isNotEqualTo(LongStream.range(first, first + CampusScale.QUESTIONS_PER_POOL).toArray());
        assertThat(new CampusGenerator(6, CampusScale.ofSchools(1), CALENDAR).pool(2, 3, 1)).isNotEqualTo(pool);
        assertThat(generator.pool(2, 3, 1)).isEqualTo(pool);
    }

    @Test
    void pendingWorkExistsOnlyInTheCurrentTermsFuture() throws SQLException {
        CollectingSink sink = new CollectingSink("activities", "activity_grades");
        new CampusGenerator(3, CampusScale.ofSchools(1), CALENDAR).generate(sink);
        long future = sink.rows("activities").stream()
                .filter(a -> a[6].equals("ACTIVE") && Instant.parse(a[10]).isAfter(ANCHOR)).count();
        assertThat(future).isEqualTo(10 * 7);
        for (String[] g : sink.rows("activity_grades")) {
            assertThat(Instant.parse(g[8])).as("submitted_at").isBefore(ANCHOR);
        }
        assertThat(sink.rows("activities").stream().mapToInt(a -> a[12].length()).min().getAsInt())
                .isGreaterThanOrEqualTo(2_048);
    }
}
