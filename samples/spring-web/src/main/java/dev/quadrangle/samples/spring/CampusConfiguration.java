package dev.quadrangle.samples.spring;

import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.samples.modules.ContentOffloadPass;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.CampusPartitions;
import dev.quadrangle.storage.ContentOffloader;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The campus's partition specs (maintained by the starter's scheduled {@code PartitionManager}) and the
 * move of large activity content to S3 at start.
 */
@Configuration(proxyBeanMethods = false)
public class CampusConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CampusConfiguration.class);

    @Bean
    PartitionSpec answersSpec() {
        return CampusPartitions.ANSWERS;
    }

    @Bean
    PartitionSpec interactionsSpec() {
        return CampusPartitions.USER_INTERACTIONS;
    }

    @Bean
    PartitionSpec auditLogsSpec() {
        return CampusPartitions.AUDIT_LOGS;
    }

    @Bean
    PartitionSpec gradesSpec(@Value("${campus.anchor:}") String anchor) {
        CampusCalendar calendar = CampusCalendar.anchoredAt(anchor.isBlank() ? Instant.now() : Instant.parse(anchor));
        return new CampusPartitions(calendar).grades();
    }

    /**
     * Moves the content of large activities to S3 through the starter's offloader, before the application
     * serves.
     *
     * @param dataSource the routing data source (its read-write connections go to the primary)
     * @param offloader the offloader
     * @return the runner
     */
    @Bean
    @ConditionalOnProperty(name = "campus.offload-on-start", havingValue = "true")
    ApplicationRunner campusContentOffload(DataSource dataSource, ContentOffloader offloader) {
        return args -> {
            long started = System.nanoTime();
            int moved = ContentOffloadPass.run(dataSource, offloader);
            LOG.info("offloaded the content of {} activities (from {} bytes) to S3 in {} ms", moved,
                    offloader.policy().inlineThreshold(), (System.nanoTime() - started) / 1_000_000);
        };
    }
}
