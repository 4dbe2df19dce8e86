package dev.quadrangle.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import java.lang.reflect.Proxy;
import javax.sql.DataSource;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** Security issue #18 item 5 in core: {@code forTenant} took a tenant of only Unicode blanks. */
class BlankTenantTest {
    private static final PartitionSpec GRADES = PartitionSpec.builder("tenant_grade")
            .column("id", SQLDataType.BIGINT.notNull())
            .column("school_id", SQLDataType.BIGINT.notNull())
            .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .primaryKey("id", "graded_at")
            .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
            .tenantColumn("school_id")
            .build();
    /** A data source that must not be used: forTenant decides before any connection. */
    private static final DataSource UNUSED = (DataSource) Proxy.newProxyInstance(BlankTenantTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new AssertionError("the data source was used: " + method.getName());
            });

    @Test
    void forTenantRefusesBlankTenantsByTheSharedDefinition() {
        PartitionedRepository repository = PartitionedRepository.builder(GRADES, UNUSED).build();
        String[][] blanks = {
            {"", ""}, {" ", " "}, {"\t", "\\t"}, {"\u00A0", "\\u00A0"}, {"\u2007", "\\u2007"}, {"\u202F", "\\u202F"},
            {"\u200B", "\\u200B"}, {"\uFEFF", "\\uFEFF"}, {"\u3000", "\\u3000"},
        };
        for (String[] blank : blanks) {
            assertThatThrownBy(() -> repository.forTenant(blank[0])).as("tenant \"%s\"", blank[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tenantId must not be blank (empty, or only white space, control or format characters), was \""
                            + blank[1] + "\"");
        }
        assertThat(repository.forTenant(7L).spec()).isSameAs(GRADES);
        assertThat(repository.forTenant("\u00A0school7").spec()).isSameAs(GRADES);
    }
}
