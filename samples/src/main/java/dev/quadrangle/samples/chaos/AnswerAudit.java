package dev.quadrangle.samples.chaos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Proves that no acknowledged answer was lost: counts, on the primary, the answers stored after the
 * generated history (ids above the last generated one) and the growth of the performance summaries,
 * and compares both with what the load driver saw acknowledged.
 *
 * <p>Thread-safe; uses one connection per {@link #check} call.
 */
public final class AnswerAudit {
    private final DataSource primary;

    /**
     * An audit over the primary.
     *
     * @param primary the primary database (not closed here)
     */
    public AnswerAudit(DataSource primary) {
        this.primary = Objects.requireNonNull(primary, "primary");
    }

    /**
     * Counts and compares.
     *
     * @param lastGeneratedAnswerId the highest answer id of the generated history
     * @param generatedAnswers how many answers the generated summaries add up to
     * @param acknowledged answers the driver saw acknowledged
     * @param failed answer submissions that failed
     * @return the verdict
     * @throws SQLException when the primary cannot be read
     */
    public Verdict check(long lastGeneratedAnswerId, long generatedAnswers, long acknowledged, long failed)
            throws SQLException {
        try (Connection c = primary.getConnection();
                PreparedStatement stored = c.prepareStatement("SELECT count(*) FROM answers WHERE id > ?");
                PreparedStatement summed = c.prepareStatement(
                        "SELECT coalesce(sum(total_answered), 0) FROM performance_summaries")) {
            stored.setLong(1, lastGeneratedAnswerId);
            long storedCount;
            try (ResultSet rs = stored.executeQuery()) {
                rs.next();
                storedCount = rs.getLong(1);
            }
            long summaryGrowth;
            try (ResultSet rs = summed.executeQuery()) {
                rs.next();
                summaryGrowth = rs.getLong(1) - generatedAnswers;
            }
            return new Verdict(acknowledged, failed, storedCount, summaryGrowth);
        }
    }

    /**
     * The comparison.
     *
     * @param acknowledged answers the database acknowledged to the driver
     * @param failed submissions that failed (their transaction may or may not have committed)
     * @param stored answers stored during the run, counted on the primary
     * @param summaryGrowth how much the summaries' answer totals grew during the run
     */
    public record Verdict(long acknowledged, long failed, long stored, long summaryGrowth) {
        /** Acknowledged answers that are not stored (0 when nothing was lost). */
        @JsonProperty("lost")
        public long lost() {
            return Math.max(0, acknowledged - stored);
        }

        /**
         * Whether nothing was lost: every acknowledged answer is stored, every stored one was submitted
         * (acknowledged, or failed in doubt), and the summaries grew by exactly the answers stored.
         */
        @JsonProperty("nothingLost")
        public boolean nothingLost() {
            return stored >= acknowledged && stored <= acknowledged + failed && summaryGrowth == stored;
        }
    }
}
