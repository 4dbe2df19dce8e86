package dev.quadrangle.samples.modules;

import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.repository.KeysetPage;
import dev.quadrangle.core.repository.PageRequest;
import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.samples.ops.AuditEntry;
import dev.quadrangle.samples.schema.CampusPartitions;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import dev.quadrangle.samples.ops.CampusOperationException;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A user's recent audit log through the core module's {@link PartitionedRepository}: the scope bounds
 * {@code logged_at} so only the yearly partitions of the window are read, and the page is a keyset
 * page, newest first. Reads go through the routing data source, hinted read-only and idempotent.
 *
 * <p>Thread-safe.
 */
final class AuditLogQueries {
    /** The {@code audit_logs} table as the core module sees it. */
    static final PartitionSpec SPEC = CampusPartitions.AUDIT_LOGS;
    private static final Duration WINDOW = Duration.ofDays(30);

    private final PartitionedRepository repository;

    AuditLogQueries(DataSource routing) {
        this.repository = PartitionedRepository.builder(SPEC, Objects.requireNonNull(routing, "routing")).build();
    }

    List<AuditEntry> recent(long userId, Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be between 1 and 100, was " + limit);
        }
        OffsetDateTime to = now.atOffset(ZoneOffset.UTC);
        KeysetPage page;
        try {
            page = repository.page(PartitionScope.between("logged_at", to.minus(WINDOW), to),
                DSL.field(DSL.name("user_id"), Long.class).eq(userId),
                PageRequest.orderBy("logged_at", "id").descending().limit(limit));
        } catch (DataAccessException e) {
            throw new CampusOperationException("recentAuditLog failed: " + e.getMessage(), e);
        }
        List<AuditEntry> result = new ArrayList<>(page.rows().size());
        for (Record r : page.rows()) {
            result.add(new AuditEntry(r.get("id", Long.class), r.get("action", String.class),
                    r.get("entity_type", String.class), r.get("entity_id", Long.class),
                    r.get("logged_at", OffsetDateTime.class).toInstant()));
        }
        return result;
    }
}
