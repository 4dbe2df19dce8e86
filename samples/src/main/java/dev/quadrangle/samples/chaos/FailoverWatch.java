package dev.quadrangle.samples.chaos;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a primary failover did to the answer writes: when the primary's stop began and the standby was promoted
 * (told by the {@link ChaosPlan} steps), and, told by the answer writer, when the first group of answers
 * committed after the promotion and how many submissions failed from the stop on (errors the submitters
 * saw, each one either stored nothing or is counted in doubt).
 *
 * <p>Thread-safe: the chaos thread and the writer's threads report concurrently.
 */
public final class FailoverWatch {
    private static final long UNSET = Long.MIN_VALUE;

    private final AtomicLong stoppedAt = new AtomicLong(UNSET);
    private final AtomicLong promotedAt = new AtomicLong(UNSET);
    private final AtomicLong firstCommitAfterPromotion = new AtomicLong(UNSET);
    private final LongAdder acknowledgedAfterPromotion = new LongAdder();
    private final LongAdder failedAfterStop = new LongAdder();
    private final LongAdder inDoubtAfterStop = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    /** Records that the primary's stop begins now (failures from here on count as the switch's). */
    public void primaryStopping() {
        stoppedAt.compareAndSet(UNSET, System.nanoTime());
    }

    /** Records that the standby answers as a primary now. */
    public void promoted() {
        promotedAt.compareAndSet(UNSET, System.nanoTime());
    }

    /**
     * Records a group of answers whose transaction committed, just before they are acknowledged.
     *
     * @param answers how many answers the group acknowledges
     */
    public void committed(int answers) {
        long now = System.nanoTime();
        long promoted = promotedAt.get();
        if (promoted != UNSET && now - promoted >= 0) {
            firstCommitAfterPromotion.compareAndSet(UNSET, now);
            acknowledgedAfterPromotion.add(answers);
        }
    }

    /**
     * Records submissions that failed: their submitters get an error.
     *
     * @param answers how many submissions
     * @param inDoubt whether their commit was sent and its outcome is unknown
     * @param message the error the submitters get
     */
    public void failed(int answers, boolean inDoubt, String message) {
        if (stoppedAt.get() == UNSET) {
            return;
        }
        failedAfterStop.add(answers);
        if (inDoubt) {
            inDoubtAfterStop.add(answers);
        }
        firstFailure.compareAndSet(null, message);
    }

    /**
     * What was recorded so far.
     *
     * @return the summary; times are {@code -1} when their events did not happen
     */
    public Summary summary() {
        long stopped = stoppedAt.get();
        long promoted = promotedAt.get();
        long first = firstCommitAfterPromotion.get();
        return new Summary(stopped == UNSET || promoted == UNSET ? -1 : (promoted - stopped) / 1_000_000,
                promoted == UNSET || first == UNSET ? -1 : (first - promoted) / 1_000_000,
                acknowledgedAfterPromotion.sum(), failedAfterStop.sum(), inDoubtAfterStop.sum(), firstFailure.get());
    }

    /**
     * A failover's effect on the answer writes.
     *
     * @param stopToPromotionMs from the beginning of the primary's stop to the standby answering as a primary,
     *     or {@code -1}
     * @param promotionToFirstAckMs from the promotion to the first answers acknowledged after it (committed on
     *     the new primary: the old one is down), or {@code -1} when none was
     * @param acknowledgedAfterPromotion answers acknowledged after the promotion
     * @param failedAfterStop answer submissions that failed from the beginning of the stop on
     * @param inDoubtAfterStop of those, the ones whose commit outcome was unknown (they may be stored)
     * @param firstFailure the first such error, or {@code null}
     */
    public record Summary(long stopToPromotionMs, long promotionToFirstAckMs, long acknowledgedAfterPromotion,
            long failedAfterStop, long inDoubtAfterStop, String firstFailure) {
        /** One line for the console and the report. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "failover: standby promoted %d ms after the primary's stop began; first answers "
                    + "acknowledged by the new primary %d ms after the promotion, %,d acknowledged after it; %,d answer "
                    + "submissions failed from the stop on with an error the submitter saw (%,d of them in doubt)%s",
                    stopToPromotionMs, promotionToFirstAckMs, acknowledgedAfterPromotion, failedAfterStop,
                    inDoubtAfterStop, firstFailure == null ? "" : ", first: " + firstFailure);
        }
    }
}
