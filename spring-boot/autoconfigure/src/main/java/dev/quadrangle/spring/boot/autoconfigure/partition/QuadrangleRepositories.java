package dev.quadrangle.spring.boot.autoconfigure.partition;

import dev.quadrangle.core.batch.BatchWriter;
import dev.quadrangle.core.batch.CounterTable;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.repository.PartitionedRepository;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Builds Quadrangle repositories, counter tables and batch writers that take part in Spring-managed
 * transactions: inside a {@code @Transactional} method they use the transaction's connection, so their
 * writes commit or roll back with it; outside one they behave as on a plain data source.
 *
 * <!-- snippet: spring-boot/autoconfigure/src/test/java/dev/quadrangle/spring/boot/autoconfigure/it/repo/RepoApplication.java#repositories -->
 * <pre>{@code
 * @Bean
 * PartitionedRepository answers(QuadrangleRepositories repositories, PartitionSpec answerSpec) {
 *     return repositories.repository(answerSpec);
 * }
 * }</pre>
 *
 * <p>Thread-safe. The application's data source is not closed by this class.
 */
public final class QuadrangleRepositories {
    private final DataSource transactional;
    private final PartitionManager manager;

    /**
     * Repositories over the application's data source.
     *
     * @param dataSource the application's data source (the one the transaction manager uses)
     * @param manager the partition manager, for on-demand LIST partitions; may be {@code null}
     */
    public QuadrangleRepositories(DataSource dataSource, PartitionManager manager) {
        this.transactional = new TransactionAwareDataSourceProxy(Objects.requireNonNull(dataSource, "dataSource"));
        this.manager = manager;
    }

    /**
     * The application's data source as repositories see it: the current Spring transaction's connection
     * when there is one. Pass it to {@link CounterTable#apply(DataSource, CounterTable.Increments)}.
     *
     * @return the transaction-aware data source
     */
    public DataSource dataSource() {
        return transactional;
    }

    /**
     * A repository builder over the transaction-aware data source, for further settings.
     *
     * @param spec the table's spec, declaring its columns
     * @return the builder
     */
    public PartitionedRepository.Builder builder(PartitionSpec spec) {
        return PartitionedRepository.builder(spec, transactional);
    }

    /**
     * A repository over the transaction-aware data source; LIST partitions are created on demand when the
     * partition manager is there.
     *
     * @param spec the table's spec, declaring its columns
     * @return the repository
     */
    public PartitionedRepository repository(PartitionSpec spec) {
        PartitionedRepository.Builder builder = builder(spec);
        if (manager != null && hasListLevel(spec)) {
            builder.createListValues(manager);
        }
        return builder.build();
    }

    /**
     * Applies counter increments in the current transaction, if any.
     *
     * @param table the counter table
     * @param increments the increments, cleared afterwards
     * @return the keys inserted or updated
     */
    public int apply(CounterTable table, CounterTable.Increments increments) {
        return table.apply(transactional, increments);
    }

    /**
     * A batch writer whose rows, written inside a Spring transaction, are queued only when it commits and
     * dropped when it rolls back.
     *
     * @param writer the writer (owned by the caller, who closes it)
     * @return the transaction-bound writer
     */
    public TransactionBoundBatchWriter transactionBound(BatchWriter writer) {
        return new TransactionBoundBatchWriter(writer);
    }

    private static boolean hasListLevel(PartitionSpec spec) {
        return spec.levels().stream().anyMatch(l -> l.strategy() == PartitionLevel.Strategy.LIST);
    }
}
