package dev.quadrangle.samples.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quadrangle.samples.chaos.AnswerAudit;
import dev.quadrangle.samples.load.LoadResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the demo reports: how it was set up, the data set, the load's measurements, the answer
 * audit, connections counted, and what each injected fault did. Written as JSON and rendered as HTML.
 *
 * @param title the report's title
 * @param generatedAt when (ISO-8601)
 * @param backend which implementation of the operations ran
 * @param setup the run's settings and environment
 * @param dataset what was generated and loaded
 * @param load the load driver's measurements
 * @param answers the audit of submitted against stored answers
 * @param connections connection budget and counts
 * @param faults what each chaos fault did (empty without {@code --chaos})
 * @param replicationLag commit-to-visible delay on the standby, measured before the load
 * @param moduleNotes what the backend's modules report after the run: replica statuses, fallbacks, cache
 *     breaker, content unavailable (empty for the plain-JDBC backend)
 */
public record CampusReport(String title, String generatedAt, String backend, Setup setup, Dataset dataset,
        LoadResult load, AnswerAudit.Verdict answers, Connections connections, List<FaultEffect> faults,
        ReplicationLag replicationLag, List<String> moduleNotes) {

    /** Copies the list. */
    public CampusReport {
        faults = List.copyOf(faults);
        moduleNotes = List.copyOf(moduleNotes);
    }

    /**
     * The run's settings and environment.
     *
     * @param schools schools generated
     * @param users virtual users
     * @param durationSeconds the run's set length
     * @param thinkTimeMs mean think time
     * @param chaos whether faults were injected
     * @param services how the services were provided, e.g. {@code "EMBEDDED"}
     * @param machine cores, memory and JVM
     * @param note caveats for reading the figures
     */
    public record Setup(int schools, int users, long durationSeconds, long thinkTimeMs, boolean chaos, String services,
            String machine, String note) {
    }

    /**
     * The generated data set.
     *
     * @param schools schools
     * @param classes classes
     * @param students students
     * @param teachers teachers
     * @param rows rows per table
     * @param loadMillis schema, COPY, indexes and statistics, in milliseconds
     */
    public record Dataset(int schools, int classes, int students, int teachers, Map<String, Long> rows,
            long loadMillis) {
        /** Copies the map. */
        public Dataset {
            rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        }

        /** Rows over all tables. */
        @JsonProperty("totalRows")
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Connections: the budget, the pools' sampled peaks, and the count seen by the servers.
     *
     * @param budget the most connections the backend may open
     * @param peakOpen most connections open at once over all pools
     * @param peakActive most connections in use at once over all pools
     * @param serverPrimary the sample's connections in {@code pg_stat_activity} on the primary after the run
     * @param serverStandby the same on the standby ({@code -1} when it could not be asked)
     */
    public record Connections(int budget, int peakOpen, int peakActive, int serverPrimary, int serverStandby) {
        /** Whether the peak stayed within the budget. */
        @JsonProperty("withinBudget")
        public boolean withinBudget() {
            return peakOpen <= budget && serverPrimary + Math.max(0, serverStandby) <= budget;
        }
    }

    /**
     * How long a commit on the primary takes to become visible on the standby, one write at a time.
     *
     * @param samples writes measured
     * @param p50Ms the median delay
     * @param p99Ms the 99th percentile
     * @param maxMs the largest delay
     */
    public record ReplicationLag(int samples, double p50Ms, double p99Ms, double maxMs) {
    }

    /**
     * What one fault did.
     *
     * @param fault e.g. {@code "standby stopped"}
     * @param service {@code standby}, {@code redis} or {@code s3}
     * @param usedByOperations whether the backend's operations use that service at all
     * @param fromSecond when it began
     * @param toSecond when it ended
     * @param ops operations completed in the window
     * @param errors operations failed in the window
     * @param fallbacks reads that fell back from the replica in the window
     * @param worstP99Ms the worst per-second p99 in the window
     * @param baselineP99Ms the median per-second p99 outside every fault window
     * @param summary one sentence for people
     */
    public record FaultEffect(String fault, String service, boolean usedByOperations, double fromSecond,
            double toSecond, long ops, long errors, long fallbacks, double worstP99Ms, double baselineP99Ms,
            String summary) {
    }
}
