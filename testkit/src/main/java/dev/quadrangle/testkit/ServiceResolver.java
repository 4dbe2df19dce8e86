package dev.quadrangle.testkit;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides how each test service is provided: explicit endpoints first, then Testcontainers when a
 * Docker engine answers, then embedded servers. The decision is pure, so it is unit-tested without
 * any server.
 *
 * <p>Immutable and thread-safe; the Docker probe is asked at most once.
 */
public final class ServiceResolver {

    /** The services the testkit provides. */
    public enum Service {
        /** The PostgreSQL primary and its standby. */
        POSTGRES,
        /** The Redis server. */
        REDIS,
        /** The S3-compatible server. */
        S3
    }

    private final ServiceSettings settings;
    private final BooleanSupplier dockerProbe;
    private volatile Boolean dockerAvailable;

    /**
     * Creates a resolver.
     *
     * @param settings where endpoints and the mode are read from
     * @param dockerProbe answers whether a Docker engine is reachable; called at most once
     */
    public ServiceResolver(ServiceSettings settings, BooleanSupplier dockerProbe) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dockerProbe = Objects.requireNonNull(dockerProbe, "dockerProbe");
    }

    /**
     * Decides the mode of one service.
     *
     * @param service the service
     * @return how it is provided
     * @throws IllegalStateException when the settings are incomplete or contradict each other; the
     *     message names the setting to fix
     */
    public ServiceMode resolve(Service service) {
        String forced = settings.get(ServiceSettings.MODE, "auto").toLowerCase(Locale.ROOT);
        boolean endpointGiven = endpointGiven(service);
        switch (forced) {
            case "auto":
                if (endpointGiven) {
                    return ServiceMode.EXTERNAL;
                }
                return docker() ? ServiceMode.TESTCONTAINERS : ServiceMode.EMBEDDED;
            case "external":
                if (!endpointGiven) {
                    throw new IllegalStateException(ServiceSettings.describe(ServiceSettings.MODE)
                            + " is 'external' but " + ServiceSettings.describe(requiredSetting(service)) + " is not set");
                }
                return ServiceMode.EXTERNAL;
            case "testcontainers":
                if (!docker()) {
                    throw new IllegalStateException(ServiceSettings.describe(ServiceSettings.MODE)
                            + " is 'testcontainers' but no Docker engine answers; start one, or set the mode to"
                            + " 'embedded' (needs nothing installed)");
                }
                return ServiceMode.TESTCONTAINERS;
            case "embedded":
                return ServiceMode.EMBEDDED;
            default:
                throw new IllegalArgumentException(ServiceSettings.describe(ServiceSettings.MODE) + " is '" + forced
                        + "'; allowed: auto, external, testcontainers, embedded");
        }
    }

    /**
     * Whether tests that need Citus can run. Citus is never started by the testkit (no Maven artifact provides
     * it), so they run only against a coordinator named by {@link ServiceSettings#CITUS_URL}, whatever the mode.
     *
     * @return empty when a coordinator is named, else the reason tests that need Citus are skipped
     */
    public Optional<String> citusSkipReason() {
        if (settings.get(ServiceSettings.CITUS_URL).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("no Citus coordinator: set " + ServiceSettings.describe(ServiceSettings.CITUS_URL) + " to the JDBC"
                + " URL of a Citus coordinator's maintenance database (e.g. jdbc:postgresql://127.0.0.1:55432/postgres) to run"
                + " the tests that need Citus; the testkit never starts Citus itself");
    }

    private boolean endpointGiven(Service service) {
        switch (service) {
            case POSTGRES:
                boolean primary = settings.get(ServiceSettings.PG_PRIMARY_URL).isPresent();
                boolean standby = settings.get(ServiceSettings.PG_STANDBY_URL).isPresent();
                if (primary != standby) {
                    throw new IllegalStateException(ServiceSettings.describe(primary
                            ? ServiceSettings.PG_PRIMARY_URL : ServiceSettings.PG_STANDBY_URL)
                            + " is set but " + ServiceSettings.describe(primary
                            ? ServiceSettings.PG_STANDBY_URL : ServiceSettings.PG_PRIMARY_URL)
                            + " is not: an external cluster needs both the primary and its streaming standby");
                }
                return primary;
            case REDIS:
                return settings.get(ServiceSettings.REDIS_URI).isPresent();
            case S3:
                return settings.get(ServiceSettings.S3_ENDPOINT).isPresent();
            default:
                throw new AssertionError(service);
        }
    }

    private static String requiredSetting(Service service) {
        switch (service) {
            case POSTGRES:
                return ServiceSettings.PG_PRIMARY_URL;
            case REDIS:
                return ServiceSettings.REDIS_URI;
            default:
                return ServiceSettings.S3_ENDPOINT;
        }
    }

    private boolean docker() {
        Boolean known = dockerAvailable;
        if (known == null) {
            known = dockerProbe.getAsBoolean();
            dockerAvailable = known;
        }
        return known;
    }
}
