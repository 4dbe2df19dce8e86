package dev.quadrangle.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerAuditVerdictTest {

    @Test
    void everyAcknowledgedAnswerStoredAndCountedInTheSummariesIsNothingLost() {
        AnswerAudit.Verdict v = new AnswerAudit.Verdict(100, 0, 100, 100);
        assertThat(v.nothingLost()).isTrue();
        assertThat(v.lost()).isZero();
    }

    @Test
    void aMissingAnswerIsLost() {
        AnswerAudit.Verdict v = new AnswerAudit.Verdict(100, 0, 99, 99);
        assertThat(v.nothingLost()).isFalse();
        assertThat(v.lost()).isEqualTo(1);
    }

    @Test
    void aFailedSubmissionThatCommittedAnywayIsInDoubtNotLost() {
        assertThat(new AnswerAudit.Verdict(100, 2, 101, 101).nothingLost()).isTrue();
        assertThat(new AnswerAudit.Verdict(100, 2, 103, 103).nothingLost()).isFalse();
    }

    @Test
    void summariesThatMissAnAnswerFailTheAudit() {
        assertThat(new AnswerAudit.Verdict(100, 0, 100, 99).nothingLost()).isFalse();
    }
}
