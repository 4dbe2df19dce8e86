package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.CitusCoordinator;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.PostgresStandby;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.ServiceMode;
import dev.quadrangle.testkit.ServiceSettings;
import java.net.URI;
import java.time.Duration;

/**
 * Services at endpoints the user named (see {@link ServiceSettings}). The testkit neither starts nor
 * stops them: fault tests that need control are skipped against them.
 */
public final class ExternalServices {
    private ExternalServices() {
    }

    /**
     * The cluster named by {@link ServiceSettings#PG_PRIMARY_URL} and {@link ServiceSettings#PG_STANDBY_URL}.
     *
     * @param settings the settings
     * @return the cluster
     */
    public static PostgresCluster postgres(ServiceSettings settings) {
        String user = settings.get(ServiceSettings.PG_USER, "postgres");
        String password = settings.get(ServiceSettings.PG_PASSWORD, "");
        URI primaryUrl = parseJdbc(settings.get(ServiceSettings.PG_PRIMARY_URL).orElseThrow(), ServiceSettings.PG_PRIMARY_URL);
        URI standbyUrl = parseJdbc(settings.get(ServiceSettings.PG_STANDBY_URL).orElseThrow(), ServiceSettings.PG_STANDBY_URL);
        ExternalPostgres primary = new ExternalPostgres("primary", primaryUrl, user, password);
        ExternalStandby standby = new ExternalStandby(standbyUrl, user, password);
        return new FixedPostgresCluster(ServiceMode.EXTERNAL, primary, standby);
    }

    /**
     * The Citus coordinator named by {@link ServiceSettings#CITUS_URL}.
     *
     * @param settings the settings
     * @return the coordinator (not contacted yet)
     * @throws IllegalArgumentException when the URL is not a plain {@code jdbc:postgresql://host[:port]/database} URL
     */
    public static CitusCoordinator citus(ServiceSettings settings) {
        String user = settings.get(ServiceSettings.CITUS_USER, "postgres");
        String password = settings.get(ServiceSettings.CITUS_PASSWORD, "");
        String url = settings.get(ServiceSettings.CITUS_URL).orElseThrow();
        URI uri = parseJdbc(url, ServiceSettings.CITUS_URL, ServiceSettings.CITUS_USER, ServiceSettings.CITUS_PASSWORD);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException(ServiceSettings.describe(ServiceSettings.CITUS_URL) + " must name the"
                    + " coordinator's maintenance database, e.g. jdbc:postgresql://127.0.0.1:55432/postgres, was '"
                    + EndpointUris.mask(url) + "'");
        }
        return new ExternalCitusCoordinator(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password);
    }

    private static URI parseJdbc(String url, String property) {
        return parseJdbc(url, property, ServiceSettings.PG_USER, ServiceSettings.PG_PASSWORD);
    }

    private static URI parseJdbc(String url, String property, String userProperty, String passwordProperty) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(ServiceSettings.describe(property) + " must be a jdbc:postgresql:// URL, was '"
                    + EndpointUris.mask(url) + "'");
        }
        URI uri = EndpointUris.parse(url.substring("jdbc:".length()), url, property);
        if (EndpointUris.hasCredentials(uri)) {
            throw new IllegalArgumentException(ServiceSettings.describe(property) + " must not carry a user or password;"
                    + " set " + ServiceSettings.describe(userProperty) + " and "
                    + ServiceSettings.describe(passwordProperty) + " instead, was '" + EndpointUris.mask(url) + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(ServiceSettings.describe(property) + " has no host, was '"
                    + EndpointUris.mask(url) + "'");
        }
        return uri;
    }

    /**
     * The Redis server named by {@link ServiceSettings#REDIS_URI}.
     *
     * @param settings the settings
     * @return the server
     */
    public static RedisNode redis(ServiceSettings settings) {
        String value = settings.get(ServiceSettings.REDIS_URI).orElseThrow();
        URI uri = EndpointUris.parse(value, value, ServiceSettings.REDIS_URI);
        if (uri.getHost() == null || EndpointUris.hasCredentials(uri)) {
            throw new IllegalArgumentException(ServiceSettings.describe(ServiceSettings.REDIS_URI) + " must look like"
                    + " redis://host:port, without a user or password (the testkit does not authenticate to Redis),"
                    + " was '" + EndpointUris.mask(value) + "'");
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        return new AbstractRedisNode() {
            @Override
            public ServiceMode mode() {
                return ServiceMode.EXTERNAL;
            }

            @Override
            public String host() {
                return uri.getHost();
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public boolean controllable() {
                return false;
            }

            @Override
            public void stop() {
                throw notControllable("Redis", ServiceSettings.REDIS_URI);
            }

            @Override
            public void start() {
                throw notControllable("Redis", ServiceSettings.REDIS_URI);
            }

            @Override
            public boolean isRunning() {
                return true;
            }
        };
    }

    /**
     * The S3-compatible server named by {@link ServiceSettings#S3_ENDPOINT} and its sibling settings.
     *
     * @param settings the settings
     * @return the server
     */
    public static S3Server s3(ServiceSettings settings) {
        String value = settings.get(ServiceSettings.S3_ENDPOINT).orElseThrow();
        URI endpoint = EndpointUris.parse(value, value, ServiceSettings.S3_ENDPOINT);
        if (EndpointUris.hasCredentials(endpoint)) {
            throw new IllegalArgumentException(ServiceSettings.describe(ServiceSettings.S3_ENDPOINT) + " must not carry"
                    + " credentials; set " + ServiceSettings.describe(ServiceSettings.S3_ACCESS_KEY) + " and "
                    + ServiceSettings.describe(ServiceSettings.S3_SECRET_KEY) + " instead, was '" + EndpointUris.mask(value)
                    + "'");
        }
        String region = settings.get(ServiceSettings.S3_REGION, "us-east-1");
        String accessKey = settings.get(ServiceSettings.S3_ACCESS_KEY).orElseThrow(() -> missing(ServiceSettings.S3_ACCESS_KEY));
        String secretKey = settings.get(ServiceSettings.S3_SECRET_KEY).orElseThrow(() -> missing(ServiceSettings.S3_SECRET_KEY));
        String bucket = settings.get(ServiceSettings.S3_BUCKET, "quadrangle-test");
        return new AbstractS3Server() {
            @Override
            public ServiceMode mode() {
                return ServiceMode.EXTERNAL;
            }

            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public String region() {
                return region;
            }

            @Override
            public String accessKey() {
                return accessKey;
            }

            @Override
            public String secretKey() {
                return secretKey;
            }

            @Override
            public String bucket() {
                return bucket;
            }

            @Override
            public boolean controllable() {
                return false;
            }

            @Override
            public void stop() {
                throw notControllable("S3", ServiceSettings.S3_ENDPOINT);
            }

            @Override
            public void start() {
                throw notControllable("S3", ServiceSettings.S3_ENDPOINT);
            }

            @Override
            public boolean isRunning() {
                return true;
            }
        };
    }

    private static IllegalStateException missing(String property) {
        return new IllegalStateException(ServiceSettings.describe(ServiceSettings.S3_ENDPOINT) + " is set but "
                + ServiceSettings.describe(property) + " is not");
    }

    static UnsupportedOperationException notControllable(String service, String property) {
        return new UnsupportedOperationException("the external " + service + " named by "
                + ServiceSettings.describe(property) + " cannot be stopped or started by the testkit;"
                + " unset it to run this fault test on an embedded server");
    }

    private static class ExternalPostgres extends AbstractPostgresServer {
        private final URI uri;

        ExternalPostgres(String role, URI uri, String user, String password) {
            super(role, user, password);
            this.uri = uri;
        }

        @Override
        public String host() {
            return uri.getHost();
        }

        @Override
        public int port() {
            return uri.getPort() < 0 ? 5432 : uri.getPort();
        }

        @Override
        public boolean controllable() {
            return false;
        }

        @Override
        public void stop() {
            throw notControllable("PostgreSQL " + role(), "primary".equals(role())
                    ? ServiceSettings.PG_PRIMARY_URL : ServiceSettings.PG_STANDBY_URL);
        }

        @Override
        public void start() {
            stop();
        }

        @Override
        public boolean isRunning() {
            return true;
        }
    }

    private static final class ExternalStandby extends ExternalPostgres implements PostgresStandby {
        ExternalStandby(URI uri, String user, String password) {
            super("standby", uri, user, password);
        }

        @Override
        public void setReplayDelay(Duration delay) {
            StandbyControl.setReplayDelay(this, delay);
        }

        @Override
        public String replayLsn() {
            return StandbyControl.replayLsn(this);
        }

        @Override
        public void awaitReplay(String lsn, Duration timeout) {
            StandbyControl.awaitReplay(this, lsn, timeout);
        }
    }
}
