package dev.quadrangle.spring.boot.autoconfigure.it.paths;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Added to the JPA context only. */
@Configuration(proxyBeanMethods = false)
public class JpaNotesConfiguration {
    @Bean
    PathsApplication.JpaNotes jpaNotes() {
        return new PathsApplication.JpaNotes();
    }
}
