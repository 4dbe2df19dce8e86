package dev.quadrangle.core.repository;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import java.lang.reflect.Proxy;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** A read of a distributed table must name one value of the distribution column, on Citus and plain PostgreSQL alike. */
class DistributionScopeTest {
    private static final OffsetDateTime OCT = OffsetDateTime.of(2026, 10, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final PartitionSpec MARKS = PartitionSpec.builder("marks")
            .column("class_id", SQLDataType.BIGINT.notNull())
            .column("at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .partitionBy(PartitionLevel.range("at", TimeInterval.MONTH))
            .distributedBy("class_id", 32)
            .build();
    /** A data source that must not be used: the scope is refused before any connection. */
    private static final DataSource UNUSED = (DataSource) Proxy.newProxyInstance(DistributionScopeTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new AssertionError("the data source was used: " + method.getName());
            });

    @Test
    void aReadWithoutOneClassIsRefusedBeforeItCouldFanOutToEveryShard() {
        PartitionedRepository repository = PartitionedRepository.builder(MARKS, UNUSED).build();
        PartitionScope month = PartitionScope.between("at", OCT, OCT.plusMonths(1));
        assertThatThrownBy(() -> repository.count(month, DSL.noCondition())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a query on table marks must constrain distribution column class_id to one value"
                        + " (PartitionScope.equal or and) so that on Citus it goes to one shard; scope was [at] (spec:"
                        + " public.marks RANGE(at) by month, distributed by class_id into 32 shards)");
        assertThatThrownBy(() -> repository.find(month.andBetween("class_id", 1L, 9L), DSL.noCondition(), 10))
                .hasMessage("a query on table marks must constrain distribution column class_id to one value"
                        + " (PartitionScope.equal or and) so that on Citus it goes to one shard; scope was [at, class_id] with a"
                        + " range of class_id (spec: public.marks RANGE(at) by month, distributed by class_id into 32 shards)");
        assertThatThrownBy(() -> repository.page(month, DSL.noCondition(), PageRequest.orderBy("at").limit(10)))
                .hasMessageContaining("must constrain distribution column class_id");
    }
}
