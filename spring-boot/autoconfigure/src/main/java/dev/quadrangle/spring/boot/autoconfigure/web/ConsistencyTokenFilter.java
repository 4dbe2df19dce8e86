package dev.quadrangle.spring.boot.autoconfigure.web;

import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.spi.ConsistencyToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Read-your-writes across HTTP requests and nodes: runs each request in
 * {@link RoutingDataSource#inSession(ConsistencyToken, dev.quadrangle.routing.SqlWork)} started from the
 * token the client sent back (the header first, then the cookie), and sends the session's newest token
 * in the same header and cookie of the response.
 *
 * <p>The token is written into the response just before it is committed: before the first byte of the
 * body, a flush, an error or a redirect, or at the end of the request when nothing was written. So it
 * reaches the client for bodies of any size, as long as the request's writes commit before its body is
 * written (as they do when a {@code @Transactional} service returns before the view renders). Writes after
 * the first byte of the body are not in the response's token.
 *
 * <p>A malformed token (or one longer than {@value #MAX_TOKEN_LENGTH} characters) is ignored: the request
 * runs as if none was sent, the ignored-token callback is told (a metric) and a debug line is logged
 * without the token's text. A well-formed token that no server has reached (a forged one) costs at most
 * the routing's {@code maxWaitForReplica} before reads go to the primary. Thread-safe.
 */
public final class ConsistencyTokenFilter extends OncePerRequestFilter {
    /** The longest token text read; a token is {@code q1.} and at most 16 hexadecimal digits. */
    public static final int MAX_TOKEN_LENGTH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ConsistencyTokenFilter.class);
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_TOKEN_LENGTH + "}");

    private final RoutingDataSource routing;
    private final String headerName;
    private final String cookieName;
    private final Duration cookieMaxAge;
    private final boolean cookieSecure;
    private final Consumer<String> ignored;

    /**
     * A filter over a routing data source.
     *
     * @param routing the routing data source, not {@code null}
     * @param headerName the header that carries the token, not blank
     * @param cookieName the cookie that carries the token, or empty for none
     * @param cookieMaxAge how long the browser keeps the cookie
     * @param cookieSecure whether the cookie is HTTPS-only
     * @param ignored told the reason ({@code malformed} or {@code too_long}) of every ignored token
     */
    public ConsistencyTokenFilter(RoutingDataSource routing, String headerName, String cookieName,
            Duration cookieMaxAge, boolean cookieSecure, Consumer<String> ignored) {
        this.routing = Objects.requireNonNull(routing, "routing");
        this.headerName = Objects.requireNonNull(headerName, "headerName");
        this.cookieName = cookieName == null ? "" : cookieName;
        this.cookieMaxAge = Objects.requireNonNull(cookieMaxAge, "cookieMaxAge");
        this.cookieSecure = cookieSecure;
        this.ignored = Objects.requireNonNull(ignored, "ignored");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ConsistencyToken token = incomingToken(request);
        TokenResponseWrapper wrapped = new TokenResponseWrapper(response, this::writeToken);
        try {
            routing.inSession(token, () -> {
                try {
                    chain.doFilter(request, wrapped);
                } catch (IOException | ServletException e) {
                    throw new ChainFailure(e);
                }
                wrapped.beforeCommit();
                return null;
            });
        } catch (ChainFailure e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw (ServletException) e.getCause();
        } catch (SQLException e) {
            // inSession itself throws only what the work threw; the work throws no SQLException
            throw new ServletException(e);
        }
    }

    private ConsistencyToken incomingToken(HttpServletRequest request) {
        String text = request.getHeader(headerName);
        if ((text == null || text.isEmpty()) && !cookieName.isEmpty() && request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (cookieName.equals(cookie.getName())) {
                    text = cookie.getValue();
                    break;
                }
            }
        }
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > MAX_TOKEN_LENGTH) {
            ignore("too_long", text.length());
            return null;
        }
        try {
            return ConsistencyToken.parse(text.trim());
        } catch (IllegalArgumentException e) {
            ignore("malformed", text.length());
            return null;
        }
    }

    private void ignore(String reason, int length) {
        ignored.accept(reason);
        if (LOG.isDebugEnabled()) {
            // never the text: it is the client's, and may be crafted for the log
            LOG.debug("ignored a {} consistency token of {} characters; the request runs without one", reason, length);
        }
    }

    /** Called once, before the response is committed, on the request's thread (inside its session). */
    private void writeToken(HttpServletResponse response) {
        Optional<ConsistencyToken> current;
        try {
            current = routing.currentToken();
        } catch (SQLException e) {
            // the request's writes are committed; only their position is unknown: the client's next request
            // runs without a token, as a first request would
            LOG.warn("the request's consistency token could not be read; the response carries none: {}",
                    e.getMessage());
            return;
        }
        current.ifPresent(token -> {
            String text = token.asString();
            response.setHeader(headerName, text);
            if (!cookieName.isEmpty() && COOKIE_VALUE.matcher(text).matches()) {
                Cookie cookie = new Cookie(cookieName, text);
                cookie.setPath("/");
                cookie.setHttpOnly(true);
                cookie.setSecure(cookieSecure);
                cookie.setMaxAge((int) Math.min(Integer.MAX_VALUE, cookieMaxAge.toSeconds()));
                cookie.setAttribute("SameSite", "Lax");
                response.addCookie(cookie);
            }
        });
    }

    /** Carries the chain's checked exceptions through the session's work. */
    private static final class ChainFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ChainFailure(Exception cause) {
            super(cause);
        }
    }
}
