package dev.quadrangle.spring.boot.autoconfigure.it.web;

import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** One application node: POST writes an item, GET reads it in a read-only transaction. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
public class WebApplication {

    @Bean
    Items items(JdbcTemplate jdbc) {
        return new Items(jdbc);
    }

    /** The item service. */
    public static class Items {
        private final JdbcTemplate jdbc;

        Items(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional
        public void save(long id, String body) {
            jdbc.update("INSERT INTO item (id, body) VALUES (?, ?)", id, body);
        }

        /** The body and whether the server was the standby. */
        @Transactional(readOnly = true)
        public List<String> find(long id) {
            String server = Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class))
                    ? "standby" : "primary";
            List<String> bodies = jdbc.queryForList("SELECT body FROM item WHERE id = ?", String.class, id);
            return List.of(server, bodies.isEmpty() ? "" : bodies.get(0));
        }
    }

    /** HTTP endpoints (a nested component, registered with the application). */
    @RestController
    public static class ItemController {
        private final Items items;

        ItemController(Items items) {
            this.items = items;
        }

        @PostMapping("/items/{id}")
        public String save(@PathVariable long id, @RequestParam(defaultValue = "0") int echo) {
            items.save(id, "item-" + id);
            return echo == 0 ? "saved" : "x".repeat(echo); // a body larger than the response buffer commits it early
        }

        @GetMapping("/items/{id}")
        public ResponseEntity<String> find(@PathVariable long id) {
            List<String> found = items.find(id);
            return ResponseEntity.ok().header("X-Served-By", found.get(0)).body(found.get(1));
        }
    }
}
