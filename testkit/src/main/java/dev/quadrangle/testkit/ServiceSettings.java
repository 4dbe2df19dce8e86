package dev.quadrangle.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings that point the testkit at services, read from system properties first and then from
 * environment variables.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>environment variable</th><th>system property</th><th>meaning</th></tr>
 *   <tr><td>{@code QUADRANGLE_TESTKIT_MODE}</td><td>{@code quadrangle.testkit.mode}</td>
 *       <td>{@code auto} (default), {@code external}, {@code testcontainers} or {@code embedded}</td></tr>
 *   <tr><td>{@code QUADRANGLE_PG_PRIMARY_URL}</td><td>{@code quadrangle.pg.primary-url}</td>
 *       <td>JDBC URL of the primary's maintenance database, e.g.
 *       {@code jdbc:postgresql://db1:5432/postgres}, without a user or password (refused: they go in the
 *       two settings below)</td></tr>
 *   <tr><td>{@code QUADRANGLE_PG_STANDBY_URL}</td><td>{@code quadrangle.pg.standby-url}</td>
 *       <td>JDBC URL of the same database on a streaming hot standby of that primary</td></tr>
 *   <tr><td>{@code QUADRANGLE_PG_USER}</td><td>{@code quadrangle.pg.user}</td>
 *       <td>a superuser (test databases are created and dropped); default {@code postgres}</td></tr>
 *   <tr><td>{@code QUADRANGLE_PG_PASSWORD}</td><td>{@code quadrangle.pg.password}</td>
 *       <td>its password; default empty</td></tr>
 *   <tr><td>{@code QUADRANGLE_REDIS_URI}</td><td>{@code quadrangle.redis.uri}</td>
 *       <td>{@code redis://host:port}, without a user or password (refused: the testkit does not
 *       authenticate to Redis)</td></tr>
 *   <tr><td>{@code QUADRANGLE_S3_ENDPOINT}</td><td>{@code quadrangle.s3.endpoint}</td>
 *       <td>HTTP endpoint of an S3-compatible server, without credentials (refused: they go in the
 *       key settings below)</td></tr>
 *   <tr><td>{@code QUADRANGLE_S3_REGION}</td><td>{@code quadrangle.s3.region}</td>
 *       <td>default {@code us-east-1}</td></tr>
 *   <tr><td>{@code QUADRANGLE_S3_ACCESS_KEY}</td><td>{@code quadrangle.s3.access-key}</td><td></td></tr>
 *   <tr><td>{@code QUADRANGLE_S3_SECRET_KEY}</td><td>{@code quadrangle.s3.secret-key}</td><td></td></tr>
 *   <tr><td>{@code QUADRANGLE_S3_BUCKET}</td><td>{@code quadrangle.s3.bucket}</td>
 *       <td>an existing bucket; default {@code quadrangle-test}</td></tr>
 *   <tr><td>{@code QUADRANGLE_CITUS_URL}</td><td>{@code quadrangle.citus.url}</td>
 *       <td>JDBC URL of a Citus coordinator's maintenance database, e.g.
 *       {@code jdbc:postgresql://127.0.0.1:55432/postgres}, without a user or password; tests that need Citus
 *       are skipped when it is not set (the testkit never starts Citus)</td></tr>
 *   <tr><td>{@code QUADRANGLE_CITUS_USER}</td><td>{@code quadrangle.citus.user}</td>
 *       <td>a superuser of the coordinator (databases and the extension are created); default
 *       {@code postgres}</td></tr>
 *   <tr><td>{@code QUADRANGLE_CITUS_PASSWORD}</td><td>{@code quadrangle.citus.password}</td>
 *       <td>its password; default empty</td></tr>
 * </table>
 *
 * <p>Values are never shown as given: messages mask user info and password parameters.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ServiceSettings {

    /** The mode setting, see the class documentation. */
    public static final String MODE = "quadrangle.testkit.mode";
    /** JDBC URL of an external primary. */
    public static final String PG_PRIMARY_URL = "quadrangle.pg.primary-url";
    /** JDBC URL of an external standby. */
    public static final String PG_STANDBY_URL = "quadrangle.pg.standby-url";
    /** User for an external PostgreSQL cluster. */
    public static final String PG_USER = "quadrangle.pg.user";
    /** Password for an external PostgreSQL cluster. */
    public static final String PG_PASSWORD = "quadrangle.pg.password";
    /** URI of an external Redis. */
    public static final String REDIS_URI = "quadrangle.redis.uri";
    /** Endpoint of an external S3-compatible server. */
    public static final String S3_ENDPOINT = "quadrangle.s3.endpoint";
    /** Region of an external S3-compatible server. */
    public static final String S3_REGION = "quadrangle.s3.region";
    /** Access key of an external S3-compatible server. */
    public static final String S3_ACCESS_KEY = "quadrangle.s3.access-key";
    /** Secret key of an external S3-compatible server. */
    public static final String S3_SECRET_KEY = "quadrangle.s3.secret-key";
    /** Bucket on an external S3-compatible server. */
    public static final String S3_BUCKET = "quadrangle.s3.bucket";
    /** JDBC URL of a Citus coordinator's maintenance database. */
    public static final String CITUS_URL = "quadrangle.citus.url";
    /** User for the Citus coordinator. */
    public static final String CITUS_USER = "quadrangle.citus.user";
    /** Password for the Citus coordinator. */
    public static final String CITUS_PASSWORD = "quadrangle.citus.password";

    private final Map<String, String> env;
    private final Properties props;

    private ServiceSettings(Map<String, String> env, Properties props) {
        this.env = Map.copyOf(env);
        this.props = new Properties();
        this.props.putAll(props);
    }

    /** Settings from this JVM's system properties and environment. */
    public static ServiceSettings fromEnvironment() {
        return new ServiceSettings(System.getenv(), System.getProperties());
    }

    /**
     * Settings from the given maps, for tests of the resolution logic.
     *
     * @param env environment variables
     * @param props system properties
     * @return the settings
     */
    public static ServiceSettings of(Map<String, String> env, Properties props) {
        return new ServiceSettings(Objects.requireNonNull(env, "env"), Objects.requireNonNull(props, "props"));
    }

    /**
     * The environment variable that corresponds to a property name
     * ({@code quadrangle.pg.primary-url} → {@code QUADRANGLE_PG_PRIMARY_URL}).
     *
     * @param property a property name
     * @return the variable name
     */
    public static String envName(String property) {
        return property.replace("testkit.", "TESTKIT_").replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * The value of a setting, system property first, then environment variable; blank counts as unset.
     *
     * @param property a property name such as {@link #PG_PRIMARY_URL}
     * @return the value, if set
     */
    public Optional<String> get(String property) {
        String value = props.getProperty(property);
        if (value == null || value.isBlank()) {
            value = env.get(envName(property));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * The value of a setting, or a default.
     *
     * @param property a property name
     * @param defaultValue returned when unset
     * @return the value
     */
    public String get(String property, String defaultValue) {
        return get(property).orElse(defaultValue);
    }

    /**
     * Describes a setting by both of its names, for error messages.
     *
     * @param property a property name
     * @return e.g. {@code "QUADRANGLE_PG_PRIMARY_URL (or -Dquadrangle.pg.primary-url)"}
     */
    public static String describe(String property) {
        return envName(property) + " (or -D" + property + ")";
    }
}
