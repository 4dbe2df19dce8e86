package dev.quadrangle.routing.internal;

import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One configured server: a JDBC URL with credentials (we build and own a pool) or a host-supplied
 * data source (never closed by us). The password never appears in {@link #toString()}.
 *
 * @param name {@code "primary"} or the replica's name
 * @param jdbcUrl the URL, or {@code null} for a host-supplied data source
 * @param user the user, or {@code null}
 * @param password the password, or {@code null}
 * @param dataSource the host-supplied data source, or {@code null}
 */
public record EndpointSpec(String name, String jdbcUrl, String user, String password, DataSource dataSource) {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

    /** Whether we build (and own) a pool for this endpoint. */
    public boolean owned() {
        return dataSource == null;
    }

    /** The URL with any password parameter or user info masked, for messages and logs. */
    public String redactedUrl() {
        return redact(jdbcUrl);
    }

    /**
     * Masks passwords in a JDBC URL.
     *
     * @param url a URL, may be {@code null}
     * @return the URL with {@code password=} values and {@code user:password@} replaced by {@code ***}
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(PASSWORD_PARAM.matcher(url).replaceAll("$1***")).replaceAll("//***@");
    }

    @Override
    public String toString() {
        return owned() ? name + "[" + redactedUrl() + ", user=" + user + "]" : name + "[" + dataSource + "]";
    }
}
