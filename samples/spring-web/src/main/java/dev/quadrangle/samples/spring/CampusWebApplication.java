package dev.quadrangle.samples.spring;

import java.util.Locale;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The campus web application. {@code main} starts the testkit's services, loads a campus and serves it
 * (port 8080 unless {@code --server.port=...}); with {@code --load} it drives the bounded HTTP load
 * against itself on loopback, prints the figures and exits.
 *
 * <pre>
 * ./mvnw -B -q -pl samples/spring-web -am package -DskipTests -Pcampus-web
 * ./mvnw -B -q -pl samples/spring-web -am package -DskipTests -Pcampus-web -Dexec.args="--load"
 * </pre>
 */
@SpringBootApplication
@EnableCaching
public class CampusWebApplication {

    /**
     * Starts the example.
     *
     * @param args the options of {@link WebOptions} and Spring Boot's
     * @throws Exception when starting or the load fails
     */
    public static void main(String[] args) throws Exception {
        WebOptions options = WebOptions.parse(args);
        EmbeddedCampus campus = EmbeddedCampus.start(options.schools(), options.seed(), System.out);
        SpringApplicationBuilder builder = new SpringApplicationBuilder(CampusWebApplication.class)
                .properties(campus.properties());
        if (options.load()) {
            builder.properties("server.port=0");
            try (ConfigurableApplicationContext context = builder.run(options.springArgs().toArray(String[]::new))) {
                campus.database().cluster().awaitStandbyCaughtUp(EmbeddedCampus.STANDBY_CATCH_UP);
                WebLoad.Result result = WebLoad.run(context, options, System.out);
                System.out.printf(Locale.ROOT, "%s%n", result.summaryLine());
            } finally {
                EmbeddedCampus.stopEmbeddedS3();
            }
        } else {
            builder.run(options.springArgs().toArray(String[]::new));
        }
    }
}
