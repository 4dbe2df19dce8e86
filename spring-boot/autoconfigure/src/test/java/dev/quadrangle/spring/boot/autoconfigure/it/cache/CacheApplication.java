package dev.quadrangle.spring.boot.autoconfigure.it.cache;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/** An application node with a cached catalog of activities; the "database" is a map shared by the nodes. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
@EnableCaching
public class CacheApplication {
    /** What both nodes read through their caches. */
    public static final ConcurrentMap<Long, String> DATABASE = new ConcurrentHashMap<>();

    @Bean
    Activities activities() {
        return new Activities();
    }

    /** An activity, cached as JSON. */
    public record Activity(long id, String title, List<String> tags) {
    }

    /** The cached service. */
    public static class Activities {
        final AtomicInteger loads = new AtomicInteger();

        @Cacheable("pendingActivities")
        public Activity find(long id) {
            loads.incrementAndGet();
            String title = DATABASE.get(id);
            return title == null ? null : new Activity(id, title, List.of("t-" + id));
        }

        @CachePut(cacheNames = "pendingActivities", key = "#id")
        public Activity rename(long id, String title) {
            DATABASE.put(id, title);
            return new Activity(id, title, List.of("t-" + id));
        }

        @CacheEvict(cacheNames = "pendingActivities", key = "#id")
        public void changeBehindTheCache(long id, String title) {
            DATABASE.put(id, title);
        }

        @CacheEvict(cacheNames = "pendingActivities", allEntries = true)
        public void evictAll() {
        }

        public int loads() {
            return loads.get();
        }
    }
}
