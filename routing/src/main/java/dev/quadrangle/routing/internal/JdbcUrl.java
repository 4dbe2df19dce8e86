package dev.quadrangle.routing.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL JDBC URL, checked against a strict grammar before any driver or pool sees it, and split
 * into the URL handed to them, which carries no secret, and the secret parameters taken out of it,
 * which travel as driver properties. HikariCP logs its {@code jdbcUrl} at debug level, and pgjdbc logs
 * every URL it connects to and every URL it cannot parse, so a secret must never be part of one.
 *
 * <p>The grammar is {@value #GRAMMAR}: hosts are names, IPv4 addresses or bracketed IPv6 addresses,
 * ports are 1 to 65535, the database name is not empty and holds no {@code /}, and nothing stands
 * before the hosts: user info ({@code user:password@host}) is refused, so that no host lookup and no
 * message ever carries a password. A parameter is secret when its name contains {@code password} in
 * any case ({@code password}, {@code sslpassword}) or is {@code sslfactoryarg} or
 * {@code socketFactoryArg} (arguments handed to user classes, which may be key material). Immutable.
 */
public final class JdbcUrl {
    /** The form every URL must have. */
    public static final String GRAMMAR = "jdbc:postgresql://host[:port][,host[:port]...]/database[?name=value&...]";

    private static final String PREFIX = "jdbc:postgresql:";
    private static final String HOSTS_PREFIX = "jdbc:postgresql://";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Set<String> SECRET_ARGUMENTS = Set.of("sslfactoryarg", "socketfactoryarg");
    /** The start of a parameter in any URL, up to its {@code =}. */
    private static final Pattern PARAMETER_START = Pattern.compile("([?&;])([^?&;=]*)=");

    private final String driverUrl;
    private final Map<String, String> secretParameters;

    private JdbcUrl(String driverUrl, Map<String, String> secretParameters) {
        this.driverUrl = driverUrl;
        this.secretParameters = Collections.unmodifiableMap(secretParameters);
    }

    /**
     * Parses and checks a URL.
     *
     * @param endpoint what the URL is for, as messages name it ({@code "primary"}, {@code "replica 'r1'"})
     * @param url the URL, may be {@code null}
     * @return the checked URL
     * @throws IllegalArgumentException when the URL does not follow {@value #GRAMMAR} or carries user info;
     *     the message names the endpoint and shows the URL {@linkplain #mask(String) masked}
     */
    public static JdbcUrl parse(String endpoint, String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException(endpoint + " jdbcUrl must start with '" + PREFIX + "', was '"
                    + mask(url) + "'");
        }
        int question = url.indexOf('?');
        String server = question < 0 ? url : url.substring(0, question);
        if (server.indexOf('@') >= 0) {
            throw new IllegalArgumentException(endpoint + " jdbcUrl must not carry user info (user:password@ before"
                    + " the host); pass the user and the password as arguments instead, was '" + mask(url) + "'");
        }
        Parser parser = new Parser(endpoint, url);
        String hostsAndDatabase = parser.hostsAndDatabase(server);
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            parser.parameters(url.substring(question + 1), kept, secrets);
        }
        String driverUrl = HOSTS_PREFIX + hostsAndDatabase + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new JdbcUrl(driverUrl, secrets);
    }

    /**
     * Masks the secrets of any JDBC URL, well formed or not, for messages: everything from the start of
     * the hosts to the last {@code @} (user info), and the value of every secret or nameless parameter up
     * to the next {@code &}, become {@code ***}. It masks more than needed rather than less.
     *
     * @param url a URL, may be {@code null}
     * @return the masked URL, {@code "null"} for {@code null}
     */
    public static String mask(String url) {
        if (url == null) {
            return "null";
        }
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return maskParameters(url);
        }
        int hosts = url.indexOf("//");
        String head = hosts >= 0 && hosts < at ? url.substring(0, hosts + 2) : "";
        return head + "***@" + maskParameters(url.substring(at + 1));
    }

    /**
     * Whether a URL parameter carries a secret and is moved out of the URL.
     *
     * @param name the parameter name
     * @return {@code true} for {@code password}, {@code sslpassword}, any name containing
     *     {@code password} in any case, {@code sslfactoryarg} and {@code socketFactoryArg}
     */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password") || SECRET_ARGUMENTS.contains(lower);
    }

    /** The URL for the driver and the pool: the hosts, the database and the parameters that are not secret. */
    public String driverUrl() {
        return driverUrl;
    }

    /** The secret parameters taken out of the URL, by name, percent-decoded as the driver decodes them. */
    public Map<String, String> secretParameters() {
        return secretParameters;
    }

    /** The URL for the driver, which carries no secret. */
    @Override
    public String toString() {
        return driverUrl;
    }

    /**
     * Masks the value of every secret or nameless parameter up to the next {@code &}. Parameters are
     * looked for after {@code ?}, {@code &} and {@code ;} (other drivers' separator), also inside the
     * value of another parameter, so that a value cannot hide a secret parameter behind it.
     */
    private static String maskParameters(String url) {
        Matcher m = PARAMETER_START.matcher(url);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (m.find(from)) {
            out.append(url, from, m.end());
            from = m.end();
            String name = m.group(2);
            if (name.isEmpty() || isSecret(name)) {
                int end = url.indexOf('&', from);
                from = end < 0 ? url.length() : end;
                out.append("***");
            }
        }
        return out.append(url, from, url.length()).toString();
    }

    /** The checks of one URL, each failing with a message that names the endpoint and shows the URL masked. */
    private static final class Parser {
        private final String endpoint;
        private final String url;

        Parser(String endpoint, String url) {
            this.endpoint = endpoint;
            this.url = url;
        }

        /** Checks {@code //hosts/database} and returns it without the leading {@code //}. */
        String hostsAndDatabase(String server) {
            if (!server.startsWith(HOSTS_PREFIX)) {
                throw malformed("has no host list after '" + HOSTS_PREFIX + "'");
            }
            String rest = server.substring(HOSTS_PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                throw malformed("has no '/' between the host list and the database name");
            }
            String hosts = rest.substring(0, slash);
            String database = rest.substring(slash + 1);
            if (database.indexOf('/') >= 0) {
                throw malformed("has more than one '/' after the host list");
            }
            if (hosts.isEmpty()) {
                throw malformed("has an empty host list");
            }
            if (database.isEmpty()) {
                throw malformed("has an empty database name");
            }
            if (decode(database) == null) {
                throw malformed("has a database name that is not valid percent-encoding");
            }
            String[] entries = hosts.split(",", -1);
            for (int i = 0; i < entries.length; i++) {
                checkHost(entries[i], i + 1);
            }
            return rest;
        }

        private void checkHost(String entry, int position) {
            String host = entry;
            String port = null;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                host = close < 0 ? entry : entry.substring(0, close + 1);
                String after = close < 0 ? "" : entry.substring(close + 1);
                if (after.startsWith(":")) {
                    port = after.substring(1);
                } else if (!after.isEmpty()) {
                    host = entry;
                }
            } else if (entry.indexOf(':') >= 0) {
                host = entry.substring(0, entry.lastIndexOf(':'));
                port = entry.substring(entry.lastIndexOf(':') + 1);
            }
            if (!HOST_NAME.matcher(host).matches() && !IPV6.matcher(host).matches()) {
                throw malformed("has an invalid host in entry " + position + " of the host list"
                        + " (a name, an IPv4 address or an IPv6 address in brackets)");
            }
            if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1
                    || Integer.parseInt(port) > 65535)) {
                throw malformed("has an invalid port in entry " + position + " of the host list (1 to 65535)");
            }
        }

        /** Splits the parameters into those kept in the URL and the secret ones, decoded. */
        void parameters(String query, List<String> kept, Map<String, String> secrets) {
            for (String token : query.split("&")) {
                if (token.isEmpty()) {
                    continue;
                }
                int equals = token.indexOf('=');
                String name = equals < 0 ? token : token.substring(0, equals);
                String value = decode(equals < 0 ? "" : token.substring(equals + 1));
                if (name.isEmpty()) {
                    throw malformed("has a parameter without a name");
                }
                if (value == null) {
                    throw malformed("has a value of parameter '" + name + "' that is not valid percent-encoding");
                }
                if (!isSecret(name)) {
                    kept.add(token);
                } else if (secrets.putIfAbsent(name, value) != null) {
                    throw malformed("has the parameter '" + name + "' more than once");
                }
            }
        }

        private IllegalArgumentException malformed(String problem) {
            return new IllegalArgumentException(endpoint + " jdbcUrl " + problem + "; expected " + GRAMMAR
                    + ", was '" + mask(url) + "'");
        }

        /** Decodes as pgjdbc does ({@link URLDecoder}, UTF-8), or {@code null} when that fails. */
        private static String decode(String encoded) {
            try {
                return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
