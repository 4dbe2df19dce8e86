package dev.quadrangle.samples.data;

import dev.quadrangle.samples.schema.CampusCalendar;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The question bank of seed 002: systems, topics, questions with four options each (one correct), and
 * one pre-shuffled pool per (system, topic, difficulty) so that a random question set is a slice of a
 * pool instead of {@code ORDER BY RANDOM()}.
 */
final class QuestionBankGenerator {
    private final long seed;
    private final CampusCalendar calendar;

    QuestionBankGenerator(long seed, CampusCalendar calendar) {
        this.seed = seed;
        this.calendar = calendar;
    }

    void write(TableOutput out) throws SQLException {
        out.table("systems", CampusScale.SYSTEMS, List.of("id", "name"), o -> {
            for (int s = 1; s <= CampusScale.SYSTEMS; s++) {
                o.line().add(s).add(TextFactory.SYSTEMS[s - 1]);
                o.emit();
            }
        });
        out.table("topics", (long) CampusScale.SYSTEMS * CampusScale.TOPICS_PER_SYSTEM,
                List.of("id", "system_id", "name"), o -> {
                    for (int s = 1; s <= CampusScale.SYSTEMS; s++) {
                        for (int t = 0; t < CampusScale.TOPICS_PER_SYSTEM; t++) {
                            o.line().add(CampusScale.topicId(s, t)).add(s)
                                    .add(TextFactory.SYSTEMS[s - 1] + " topic " + (t + 1));
                            o.emit();
                        }
                    }
                });
        out.table("questions", CampusScale.questions(), List.of("id", "system_id", "topic_id", "difficulty", "stem",
                "explanation", "success_rate", "created_at"), o -> forEachQuestion((s, t, d, id) -> {
                    SplittableRandom rnd = questionRandom(id);
                    o.line().add(id).add(s).add(CampusScale.topicId(s, t)).add(d).add(TextFactory.sentence(rnd, 14))
                            .add(TextFactory.sentence(rnd, 25)).add(Math.round(900 - d * 200 + rnd.nextInt(200)) / 10.0)
                            .add(calendar.anchor().minus(Duration.ofDays(30 + rnd.nextInt(700))));
                    o.emit();
                }));
        out.table("question_options", (long) CampusScale.questions() * CampusScale.OPTIONS_PER_QUESTION,
                List.of("question_id", "position", "body", "is_correct"), o -> forEachQuestion((s, t, d, id) -> {
                    int correct = correctOption(seed, id);
                    SplittableRandom rnd = Rng.of(seed, Rng.QUESTION, -id);
                    for (int p = 1; p <= CampusScale.OPTIONS_PER_QUESTION; p++) {
                        o.line().add(id).add(p).add(TextFactory.sentence(rnd, 5)).add(p == correct);
                        o.emit();
                    }
                }));
        writePools(out);
    }

    private void writePools(TableOutput out) throws SQLException {
        out.table("question_pools", CampusScale.pools(), List.of("system_id", "topic_id", "difficulty",
                "question_ids", "refreshed_at"), o -> {
                    for (int s = 1; s <= CampusScale.SYSTEMS; s++) {
                        for (int t = 0; t < CampusScale.TOPICS_PER_SYSTEM; t++) {
                            for (int d = 1; d <= CampusScale.DIFFICULTIES; d++) {
                                long[] ids = shuffledPool(seed, s, t, d);
                                StringBuilder array = new StringBuilder("{");
                                for (int i = 0; i < ids.length; i++) {
                                    array.append(i == 0 ? "" : ",").append(ids[i]);
                                }
                                o.line().add(s).add(CampusScale.topicId(s, t)).add(d).add(array.append('}'))
                                        .add(calendar.anchor().minus(Duration.ofHours(6)));
                                o.emit();
                            }
                        }
                    }
                });
    }

    /**
     * The question ids of one pool in shuffled order (Fisher-Yates on the pool's own random stream).
     *
     * @return {@value CampusScale#QUESTIONS_PER_POOL} distinct ids
     */
    static long[] shuffledPool(long seed, int system, int topicIndex, int difficulty) {
        long[] ids = new long[CampusScale.QUESTIONS_PER_POOL];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = CampusScale.questionId(system, topicIndex, difficulty, k);
        }
        SplittableRandom rnd = Rng.of(seed, Rng.POOL, ids[0]);
        for (int i = ids.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
        }
        return ids;
    }

    /** The position (1 to 4) of a question's correct option. */
    static int correctOption(long seed, long questionId) {
        return Rng.of(seed, Rng.QUESTION, questionId).nextInt(CampusScale.OPTIONS_PER_QUESTION) + 1;
    }

    private SplittableRandom questionRandom(long id) {
        SplittableRandom rnd = Rng.of(seed, Rng.QUESTION, id);
        rnd.nextInt(CampusScale.OPTIONS_PER_QUESTION); // the correct option's draw, see correctOption
        return rnd;
    }

    private interface QuestionVisitor {
        void visit(int system, int topicIndex, int difficulty, long id) throws SQLException;
    }

    private static void forEachQuestion(QuestionVisitor visitor) throws SQLException {
        for (int s = 1; s <= CampusScale.SYSTEMS; s++) {
            for (int t = 0; t < CampusScale.TOPICS_PER_SYSTEM; t++) {
                for (int d = 1; d <= CampusScale.DIFFICULTIES; d++) {
                    for (int k = 0; k < CampusScale.QUESTIONS_PER_POOL; k++) {
                        visitor.visit(s, t, d, CampusScale.questionId(s, t, d, k));
                    }
                }
            }
        }
    }
}
