package dev.quadrangle.spring.boot.autoconfigure.it.repo;

import dev.quadrangle.core.batch.BatchWriter;
import dev.quadrangle.core.batch.CounterTable;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.spring.boot.autoconfigure.partition.QuadrangleRepositories;
import dev.quadrangle.spring.boot.autoconfigure.partition.TransactionBoundBatchWriter;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.impl.SQLDataType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.annotation.Transactional;

/** An application with a partitioned answer table written inside Spring transactions. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
public class RepoApplication {

    @Bean
    PartitionSpec answerSpec() {
        return PartitionSpec.builder("answer")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("user_id", SQLDataType.BIGINT.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "created_at")
                .partitionBy(PartitionLevel.range("created_at", TimeInterval.MONTH))
                .premake(1)
                .build();
    }

    // @start region="repositories"
    @Bean
    PartitionedRepository answers(QuadrangleRepositories repositories, PartitionSpec answerSpec) {
        return repositories.repository(answerSpec);
    }
    // @end

    @Bean
    CounterTable scores() {
        return CounterTable.builder("score").key("user_id", SQLDataType.BIGINT.notNull()).counters("answers").build();
    }

    @Bean(destroyMethod = "close")
    BatchWriter answerWriter(PartitionedRepository answers) {
        return BatchWriter.builder(answers).build();
    }

    @Bean
    Answers answerService(PartitionedRepository answers, CounterTable scores, QuadrangleRepositories repositories,
            BatchWriter answerWriter) {
        return new Answers(answers, scores, repositories, repositories.transactionBound(answerWriter));
    }

    /** Writes answers and scores. */
    public static class Answers {
        private final PartitionedRepository answers;
        private final CounterTable scores;
        private final QuadrangleRepositories repositories;
        private final TransactionBoundBatchWriter writer;

        Answers(PartitionedRepository answers, CounterTable scores, QuadrangleRepositories repositories,
                TransactionBoundBatchWriter writer) {
            this.answers = answers;
            this.scores = scores;
            this.repositories = repositories;
            this.writer = writer;
        }

        @Transactional
        public void submit(long id, long user, boolean fail) {
            answers.insertIgnoringDuplicates(List.<Object[]>of(new Object[] {id, user, OffsetDateTime.now()}));
            repositories.apply(scores, scores.increments().add(List.of(user), 1));
            writer.write(new Object[] {id + 1, user, OffsetDateTime.now()});
            if (fail) {
                throw new IllegalStateException("the submission fails after its writes");
            }
        }
    }
}
