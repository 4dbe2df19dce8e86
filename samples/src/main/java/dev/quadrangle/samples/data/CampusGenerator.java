package dev.quadrangle.samples.data;

import dev.quadrangle.samples.schema.CampusCalendar;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Generates a whole campus, deterministically: the same seed, scale and calendar anchor give the same
 * rows, byte for byte, in the same order (every row comes from its own random stream keyed by the seed
 * and its ids). Tables are written in foreign-key order.
 *
 * <p>Stateless; each {@link #generate} call is independent. Thread-safe.
 */
public final class CampusGenerator {
    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 20261122L;

    private final long seed;
    private final CampusScale scale;
    private final CampusCalendar calendar;

    /**
     * A generator.
     *
     * @param seed the random seed
     * @param scale how many schools
     * @param calendar the dates, anchored at the data set's "now"
     */
    public CampusGenerator(long seed, CampusScale scale, CampusCalendar calendar) {
        this.seed = seed;
        this.scale = Objects.requireNonNull(scale, "scale");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /**
     * Writes every table to a sink.
     *
     * @param sink where the rows go
     * @return what was generated
     * @throws SQLException when the sink's database refuses a row
     */
    public GeneratedCampus generate(RowSink sink) throws SQLException {
        long started = System.nanoTime();
        TableOutput out = new TableOutput(sink);
        new PeopleGenerator(seed, scale, calendar).write(out);
        new ActivityGenerator(seed, scale, calendar).write(out);
        new QuestionBankGenerator(seed, calendar).write(out);
        new HistoryGenerator(seed, scale, calendar).write(out);
        return new GeneratedCampus(scale, calendar, out.rows(), (System.nanoTime() - started) / 1_000_000);
    }

    /** An estimate of the total rows {@link #generate} writes, for a progress bar (grades are random). */
    public long expectedRows() {
        long students = scale.students();
        long users = students + scale.teachers();
        return 3 + CampusScale.SUBJECTS + scale.schools() + 2 * users + scale.classes() + scale.activities()
                + ActivityGenerator.EXPECTED_GRADES_PER_CLASS * scale.classes()
                + CampusScale.SYSTEMS * (1L + CampusScale.TOPICS_PER_SYSTEM)
                + (long) CampusScale.questions() * (1 + CampusScale.OPTIONS_PER_QUESTION) + CampusScale.pools()
                + students * (CampusScale.ANSWERS_PER_STUDENT + 1L + CampusScale.INTERACTIONS_PER_STUDENT)
                + users * CampusScale.AUDIT_LOGS_PER_USER;
    }

    /**
     * The pre-shuffled question ids of a pool, as the generator stores them in {@code question_pools}.
     *
     * @param system 1 to {@value CampusScale#SYSTEMS}
     * @param topicIndex 0 to {@value CampusScale#TOPICS_PER_SYSTEM} - 1
     * @param difficulty 1 to {@value CampusScale#DIFFICULTIES}
     * @return the ids in pool order
     */
    public long[] pool(int system, int topicIndex, int difficulty) {
        return QuestionBankGenerator.shuffledPool(seed, system, topicIndex, difficulty);
    }

    /**
     * The position of a question's correct option, as generated.
     *
     * @param questionId the question
     * @return 1 to {@value CampusScale#OPTIONS_PER_QUESTION}
     */
    public int correctOption(long questionId) {
        return QuestionBankGenerator.correctOption(seed, questionId);
    }

    /** The seed. */
    public long seed() {
        return seed;
    }
}
