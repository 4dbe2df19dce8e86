package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.repository.NoPartitionException;
import java.util.Set;

/**
 * Creates a LIST partition on demand when a repository write fails for a LIST value that has no
 * partition yet, through the host's {@link PartitionManager#ensureListValue}; the repository then
 * retries the whole write (it was rolled back). Thread-safe.
 */
final class ListValueCreator {
    /** The most LIST values one write call creates before it gives up with the error. */
    static final int MAX_VALUES_PER_WRITE = dev.quadrangle.core.repository.PartitionedRepository.MAX_LIST_VALUES_PER_WRITE;

    private final PartitionManager manager;
    private final PartitionSpec spec;

    ListValueCreator(PartitionManager manager, PartitionSpec spec) {
        this.manager = manager;
        this.spec = spec;
    }

    /**
     * Creates the partition a failed write needed, when it is a LIST value.
     *
     * @param e the failure
     * @param created the values this write call created so far (updated)
     * @return whether a partition was created, so that retrying can succeed
     */
    boolean createFor(NoPartitionException e, Set<String> created) {
        String key = e.keyValue();
        int eq = key.indexOf(" = ");
        if (eq < 0 || created.size() >= MAX_VALUES_PER_WRITE) {
            return false;
        }
        String column = key.substring(0, eq);
        String value = key.substring(eq + 3);
        if (!isListColumn(column) || !created.add(value)) {
            return false;
        }
        manager.ensureListValue(spec, value);
        return true;
    }

    private boolean isListColumn(String column) {
        for (PartitionLevel level : spec.levels()) {
            if (level.strategy() == PartitionLevel.Strategy.LIST && level.column().equals(column)) {
                return true;
            }
        }
        return false;
    }
}
