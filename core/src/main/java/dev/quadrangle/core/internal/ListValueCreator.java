package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.spi.RoutedConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Creates LIST partitions on demand when a repository write fails because a row has no partition, through
 * the host's {@link PartitionManager#ensureListValue}; the repository then retries the whole write (it was
 * rolled back). The values come from the rows of the failed write, never from PostgreSQL's error text (which
 * cuts long values short): the distinct LIST values of the rows that some partition (the table, or each
 * attached RANGE partition) has no partition for, found by bound in one catalog query. Thread-safe.
 */
final class ListValueCreator {
    /** The most LIST values one write call creates before it gives up with the error. */
    static final int MAX_VALUES_PER_WRITE = PartitionedRepository.MAX_LIST_VALUES_PER_WRITE;

    private final PartitionManager manager;
    private final PartitionSpec spec;
    private final DataSource dataSource;
    private final PartitionLevel level;
    private final int columnIndex;

    ListValueCreator(PartitionManager manager, PartitionSpec spec, DataSource dataSource) {
        this.manager = manager;
        this.spec = spec;
        this.dataSource = dataSource;
        this.level = spec.levels().stream().filter(l -> l.strategy() == PartitionLevel.Strategy.LIST).findFirst()
                .orElseThrow(() -> new IllegalStateException("table " + spec.table() + " has no LIST level: " + spec));
        this.columnIndex = new ArrayList<>(spec.columns().keySet()).indexOf(level.column());
    }

    /** What one write call has done so far; not thread-safe, one per call. */
    static final class Progress {
        private final Set<String> ensured = new HashSet<>();
        private int created;
    }

    /**
     * Ensures the LIST values of a failed write's rows that have no partition yet.
     *
     * @param rows the rows of the write, in declared column order
     * @param progress what this write call ensured before (updated)
     * @return whether a value was ensured, so that retrying can succeed; false when none is missing (the rows
     *         lack a RANGE partition instead) or the write has created {@value #MAX_VALUES_PER_WRITE} values
     */
    boolean createFor(List<Object[]> rows, Progress progress) {
        Set<String> candidates = new LinkedHashSet<>();
        for (Object[] row : rows) {
            Object value = row.length > columnIndex ? row[columnIndex] : null;
            if (value != null && !progress.ensured.contains(String.valueOf(value))) {
                candidates.add(String.valueOf(value));
            }
        }
        if (candidates.isEmpty() || progress.created >= MAX_VALUES_PER_WRITE) {
            return false;
        }
        Set<String> missing = new HashSet<>(withoutPartition(candidates));
        boolean ensuredAny = false;
        for (String value : candidates) {
            if (progress.created >= MAX_VALUES_PER_WRITE) {
                break;
            }
            if (missing.contains(value)) {
                progress.ensured.add(value);
                ensuredAny = true;
                if (!manager.ensureListValue(spec, value).isEmpty()) {
                    progress.created++;
                }
            }
        }
        return ensuredAny;
    }

    /** The values some parent of the LIST level has no partition for. */
    private List<String> withoutPartition(Set<String> values) {
        try (Connection c = dataSource.getConnection()) {
            RoutedConnection.hint(c, false, true);
            DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES);
            List<String> parents = level == spec.first() ? List.of(spec.table())
                    : ListBounds.children(dsl, spec, spec.table()).stream().filter(n -> spec.rangeNamed(n).isPresent()).toList();
            return ListBounds.valuesWithoutPartition(dsl, spec, level.column(), parents, values);
        } catch (SQLException e) {
            throw new DataAccessException("looking up the LIST partitions of " + spec.table() + " failed: " + e.getMessage(), e);
        }
    }
}
