package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.ServiceSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Endpoint URLs from the environment, which may carry secrets by mistake: parsing that never echoes
 * them, masking for messages, and detection of credentials.
 */
final class EndpointUris {
    /** The start of a parameter, up to its {@code =}: after {@code ?}, {@code &} or {@code ;}. */
    private static final Pattern PARAMETER_START = Pattern.compile("([?&;])([^?&;=]*)=");

    private EndpointUris() {
    }

    /**
     * Parses a setting's value as a URI.
     *
     * @param value the value, after any scheme prefix such as {@code jdbc:} was removed
     * @param shown the value as the user wrote it, masked in the message
     * @param property the setting
     * @return the URI
     * @throws IllegalArgumentException naming the setting and the reason, showing the value masked; it
     *     carries no cause, since the parser's message repeats the whole value
     */
    static URI parse(String value, String shown, String property) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ServiceSettings.describe(property) + " is not a valid URL ("
                    + e.getReason() + "), was '" + mask(shown) + "'");
        }
    }

    /**
     * Whether a URI carries credentials: user info, or a parameter whose name contains {@code password}.
     *
     * @param uri the URI
     * @return {@code true} when it does
     */
    static boolean hasCredentials(URI uri) {
        if (uri.getRawUserInfo() != null) {
            return true;
        }
        String query = uri.getRawQuery();
        return query != null && PARAMETER_START.matcher("?" + query).results()
                .anyMatch(m -> isSecret(m.group(2)));
    }

    /**
     * Masks a URL for messages: everything from the start of the authority to the last {@code @}, and
     * the value of every secret or nameless parameter up to the next {@code &}, become {@code ***}.
     *
     * @param url the URL, may be {@code null}
     * @return the masked URL
     */
    static String mask(String url) {
        if (url == null) {
            return "null";
        }
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return maskParameters(url);
        }
        int authority = url.indexOf("//");
        String head = authority >= 0 && authority < at ? url.substring(0, authority + 2) : "";
        return head + "***@" + maskParameters(url.substring(at + 1));
    }

    private static boolean isSecret(String name) {
        return name.toLowerCase(Locale.ROOT).contains("password");
    }

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
}
