package dev.quadrangle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresTopologyTest {

    @Test
    void theNumberOfStandbysIsCheckedBeforeAnythingStarts() {
        assertThatThrownBy(() -> PostgresTopology.start(0, ReplicationMode.ASYNC))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("standbys must be between 1 and 8, was 0");
        assertThatThrownBy(() -> PostgresTopology.start(9, ReplicationMode.SYNC))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("standbys must be between 1 and 8, was 9");
        assertThatThrownBy(() -> PostgresTopology.start(1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("mode");
    }

    @Test
    void realServicesAsksForTwoAsynchronousStandbysUnlessTold() {
        RealServices defaults = Annotated.class.getAnnotation(RealServices.class);
        assertThat(defaults.standbys()).isEqualTo(PostgresTopology.DEFAULT_STANDBYS).isEqualTo(2);
        assertThat(defaults.replication()).isEqualTo(ReplicationMode.ASYNC);
    }

    @RealServices
    private static final class Annotated {
    }
}
