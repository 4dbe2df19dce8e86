package dev.quadrangle.testkit;

import java.util.Locale;
import java.util.Objects;
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
