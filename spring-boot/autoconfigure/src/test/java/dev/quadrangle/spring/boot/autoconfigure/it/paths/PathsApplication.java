package dev.quadrangle.spring.boot.autoconfigure.it.paths;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Table;
import org.jooq.DSLContext;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** An application that reads and writes through JdbcTemplate, jOOQ and JPA. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PathsApplication {
    static final String IN_RECOVERY = "SELECT pg_is_in_recovery()";

    @Bean
    Notes notes(JdbcTemplate jdbc, DSLContext dsl) {
        return new Notes(jdbc, dsl);
    }

    /** A note, for JPA. */
    @Entity
    @Table(name = "note")
    public static class Note {
        @Id
        private long id;
        private String body;

        /** For JPA. */
        protected Note() {
        }

        Note(long id, String body) {
            this.id = id;
            this.body = body;
        }

        long id() {
            return id;
        }

        String body() {
            return body;
        }
    }

    /** JDBC and jOOQ access. */
    public static class Notes {
        private final JdbcTemplate jdbc;
        private final DSLContext dsl;

        Notes(JdbcTemplate jdbc, DSLContext dsl) {
            this.jdbc = jdbc;
            this.dsl = dsl;
        }

        @Transactional(readOnly = true)
        public boolean jdbcReadOnly() {
            return jdbc.queryForObject(IN_RECOVERY, Boolean.class);
        }

        @Transactional
        public boolean jdbcReadWrite() {
            return jdbc.queryForObject(IN_RECOVERY, Boolean.class);
        }

        public boolean jdbcNoTransaction() {
            return jdbc.queryForObject(IN_RECOVERY, Boolean.class);
        }

        @Transactional(readOnly = true)
        public void jdbcWriteInReadOnly(long id) {
            jdbc.update("INSERT INTO note (id, body) VALUES (?, 'jdbc')", id);
        }

        @Transactional(readOnly = true)
        public boolean jooqReadOnly() {
            return Boolean.TRUE.equals(dsl.fetchValue(IN_RECOVERY));
        }

        @Transactional
        public boolean jooqReadWrite() {
            return Boolean.TRUE.equals(dsl.fetchValue(IN_RECOVERY));
        }

        public boolean jooqNoTransaction() {
            return Boolean.TRUE.equals(dsl.fetchValue(IN_RECOVERY));
        }

        @Transactional(readOnly = true)
        public void jooqWriteInReadOnly(long id) {
            dsl.execute("INSERT INTO note (id, body) VALUES (?, 'jooq')", id);
        }
    }

    /** JPA access. */
    public static class JpaNotes {
        @PersistenceContext
        private EntityManager em;

        @Transactional(readOnly = true)
        public boolean readOnly() {
            return (Boolean) em.createNativeQuery(IN_RECOVERY).getSingleResult();
        }

        @Transactional
        public boolean readWrite() {
            return (Boolean) em.createNativeQuery(IN_RECOVERY).getSingleResult();
        }

        @Transactional
        public void save(long id, String body) {
            em.persist(new Note(id, body));
        }

        @Transactional(readOnly = true)
        public String find(long id) {
            Note note = em.find(Note.class, id);
            return note == null ? null : note.body();
        }

        @Transactional(readOnly = true)
        public void writeInReadOnly(long id) {
            em.createNativeQuery("INSERT INTO note (id, body) VALUES (" + id + ", 'jpa')").executeUpdate();
        }
    }
}
