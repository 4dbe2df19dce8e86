package dev.quadrangle.samples.report;

import dev.quadrangle.samples.chaos.AnswerAudit;
import dev.quadrangle.samples.chaos.ChaosPlan;
import dev.quadrangle.samples.load.LatencySummary;
import dev.quadrangle.samples.load.LoadResult;
import dev.quadrangle.samples.load.RunEvent;
import dev.quadrangle.samples.load.TimelinePoint;
import dev.quadrangle.samples.ops.CampusBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Reports with known numbers, for the report tests. */
final class SampleReports {
    private SampleReports() {
    }

    /** A 20-second run; with chaos, the standby is down from 4 to 10 s, during which reads fall back. */
    static LoadResult load(boolean chaos) {
        Histogram reads = new Histogram(3);
        for (long us = 1_000; us <= 3_000; us++) {
            reads.recordValue(us);
        }
        Histogram writes = new Histogram(3);
        writes.recordValue(5_000);
        writes.recordValue(7_000);
        List<TimelinePoint> timeline = new ArrayList<>();
        for (int s = 1; s <= 20; s++) {
            boolean down = chaos && s > 4 && s <= 10;
            timeline.add(new TimelinePoint(s, 100, 0, 1.5, down ? 250 : 3, down ? 0 : 60, down ? 60 : 0,
                    down ? 5 : 0, Map.of("campus-primary", 3, "campus-replica", 1),
                    Map.of("campus-primary", 20, "campus-replica", down ? 0 : 10)));
        }
        List<RunEvent> events = chaos ? List.of(
                new RunEvent(ChaosPlan.STOP_STANDBY, 4.0, 120, true, "standby stopped"),
                new RunEvent(ChaosPlan.RESTART_REDIS, 7.0, 300, true, "Redis restarted"),
                new RunEvent(ChaosPlan.START_STANDBY, 10.0, 400, true, "standby started"),
                new RunEvent(ChaosPlan.STOP_S3, 11.0, 10, true, "S3 server stopped"),
                new RunEvent(ChaosPlan.START_S3, 16.0, 900, true, "S3 server started")) : List.of();
        return new LoadResult("2026-11-22T10:00:00Z", 20.0, 0, 0, 0, 200, 1000, 60, List.of(
                new LoadResult.OperationResult("questionSet", "replica", reads.getTotalCount(), 0, 100.0,
                        LatencySummary.of(reads), Map.of()),
                new LoadResult.OperationResult("submitAnswer", "primary", 2, 1, 0.1, LatencySummary.of(writes),
                        Map.of("PSQLException: <boom>", 1L))),
                timeline, List.of(new LoadResult.PoolUsage("campus-primary", 20, 7, 20, 0),
                        new LoadResult.PoolUsage("campus-replica", 10, 4, 10, 0)),
                30, new CampusBackend.RouteCounters(900, 100, 3, 30, 7), List.of(), 2, 1, events);
    }

    static CampusReport report(boolean chaos) {
        LoadResult load = load(chaos);
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("schools", 2L);
        rows.put("answers", 24_000L);
        return new CampusReport("Campus <test>", "2026-11-22T10:01:00Z", "plain JDBC",
                new CampusReport.Setup(2, 200, 20, 1000, chaos, "EMBEDDED", "2 cores", "busy machine"),
                new CampusReport.Dataset(2, 20, 2_000, 20, rows, 6_200), load,
                new AnswerAudit.Verdict(2, 1, 2, 2), new CampusReport.Connections(30, 30, 11, 20, 10),
                chaos ? FaultAnalysis.of(load, List.of("primary", "standby")) : List.of(),
                new CampusReport.ReplicationLag(100, 0.05, 1.74, 2.29),
                chaos ? List.of("routing: 209 reads fell back to the primary <standby down>") : List.of());
    }
}
