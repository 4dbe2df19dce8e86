package dev.quadrangle.samples.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OperationMixTest {

    @Test
    void studentsFollowTheirWeightsAndNeverOpenAGradeBook() {
        Map<OperationKind, Integer> counts = draw(false, 100_000);
        assertThat(counts).doesNotContainKey(OperationKind.GRADE_BOOK);
        for (OperationKind k : counts.keySet()) {
            assertThat(counts.get(k) / 1000.0).as(k.label()).isCloseTo(OperationMix.weight(k, false), within(1.0));
        }
        assertThat(counts.keySet()).hasSize(7);
    }

    @Test
    void teachersMostlyReadGradeBooksAndNeverAnswer() {
        Map<OperationKind, Integer> counts = draw(true, 100_000);
        assertThat(counts).doesNotContainKeys(OperationKind.SUBMIT_ANSWER, OperationKind.QUESTION_SET);
        assertThat(counts.get(OperationKind.GRADE_BOOK) / 1000.0).isCloseTo(60, within(1.0));
    }

    @Test
    void writesAreAnswersAndInteractions() {
        assertThat(OperationKind.SUBMIT_ANSWER.isWrite()).isTrue();
        assertThat(OperationKind.RECORD_INTERACTION.isWrite()).isTrue();
        assertThat(OperationKind.QUESTION_SET.isWrite()).isFalse();
    }

    private static Map<OperationKind, Integer> draw(boolean teacher, int n) {
        SplittableRandom rnd = new SplittableRandom(1);
        Map<OperationKind, Integer> counts = new EnumMap<>(OperationKind.class);
        for (int i = 0; i < n; i++) {
            counts.merge(OperationMix.next(rnd, teacher), 1, Integer::sum);
        }
        return counts;
    }
}
