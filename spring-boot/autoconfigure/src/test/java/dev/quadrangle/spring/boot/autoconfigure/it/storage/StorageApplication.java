package dev.quadrangle.spring.boot.autoconfigure.it.storage;

import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.ContentRef;
import dev.quadrangle.storage.StoredContent;
import dev.quadrangle.testkit.QuadrangleServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.annotation.Transactional;
import software.amazon.awssdk.services.s3.S3Client;

/** An application storing activity content through the auto-configured offloader, on the testkit's S3 client. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
public class StorageApplication {

    @Bean(destroyMethod = "close")
    S3Client s3Client() {
        return QuadrangleServices.s3().newClient();
    }

    @Bean
    Activities activities(DataSource dataSource, ContentOffloader offloader) {
        return new Activities(dataSource, offloader);
    }

    /** Activities whose content goes inline or to S3, in Spring transactions. */
    public static class Activities {
        private final DataSource dataSource;
        private final ContentOffloader offloader;

        Activities(DataSource dataSource, ContentOffloader offloader) {
            this.dataSource = dataSource;
            this.offloader = offloader;
        }

        /** Stores an activity; returns its id. */
        @Transactional
        public long create(String tenant, String json) throws SQLException {
            Connection tx = DataSourceUtils.getConnection(dataSource);
            StoredContent content = offloader.offload(tx, tenant, "activity", json);
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO activity (tenant, content, content_ref) "
                    + "VALUES (?, ?::jsonb, ?::jsonb) RETURNING id")) {
                ps.setString(1, tenant);
                ps.setString(2, content.inlineJson().orElse(null));
                ps.setString(3, content.ref().map(ContentRef::toJson).orElse(null));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        /** The activity's reference, when its content was offloaded. */
        @Transactional(readOnly = true)
        public Optional<ContentRef> ref(long id) throws SQLException {
            Connection tx = DataSourceUtils.getConnection(dataSource);
            try (PreparedStatement ps = tx.prepareStatement("SELECT content_ref::text FROM activity WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? Optional.of(ContentRef.parse(rs.getString(1)))
                            : Optional.empty();
                }
            }
        }

        /** Deletes an activity and queues its object's deletion in the same transaction. */
        @Transactional
        public void delete(long id, ContentRef ref) throws SQLException {
            Connection tx = DataSourceUtils.getConnection(dataSource);
            offloader.scheduleDelete(tx, ref);
            try (PreparedStatement ps = tx.prepareStatement("DELETE FROM activity WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
    }
}
