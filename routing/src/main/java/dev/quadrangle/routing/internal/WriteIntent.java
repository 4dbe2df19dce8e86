package dev.quadrangle.routing.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells writes from reads by the caller's intent: the JDBC method (update and batch methods are
 * writes) and the statement's leading keyword. This is a look at the first word, not a parse: whatever
 * it cannot tell is left to the server, which refuses writes on a read-only session anyway.
 */
public final class WriteIntent {
    private static final Set<String> WRITE_VERBS = Set.of("insert", "update", "delete", "merge", "create", "alter",
            "drop", "truncate", "grant", "revoke", "comment", "lock", "call", "refresh", "reindex", "cluster",
            "vacuum", "security", "reassign", "import", "do");
    private static final Set<String> SESSION_VERBS = Set.of("set", "reset", "show", "discard", "deallocate",
            "begin", "start", "commit", "end", "rollback", "savepoint", "release", "prepare", "listen", "unlisten",
            "select", "values", "table", "explain", "fetch", "move", "close", "declare");
    private static final Pattern DATA_MODIFYING = Pattern.compile("(?is).*\\b(insert|update|delete|merge)\\b.*");

    private WriteIntent() {
    }

    /**
     * The statement's first keyword in lower case, skipping white space, comments and opening
     * parentheses.
     *
     * @param sql the statement, may be {@code null}
     * @return the keyword, or {@code ""} when there is none
     */
    public static String leadingKeyword(String sql) {
        if (sql == null) {
            return "";
        }
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the statement certainly writes: its leading keyword is a write verb.
     *
     * @param sql the statement
     * @return {@code true} for {@code INSERT}, {@code UPDATE}, DDL and the like
     */
    public static boolean certainlyWrites(String sql) {
        return WRITE_VERBS.contains(leadingKeyword(sql));
    }

    /**
     * Whether the statement may write: it certainly writes, or it is a {@code WITH} query that names a
     * data-modifying verb. Used to decide when a write's log position is worth capturing.
     *
     * @param sql the statement
     * @return {@code true} when it may write
     */
    public static boolean mayWrite(String sql) {
        String keyword = leadingKeyword(sql);
        return WRITE_VERBS.contains(keyword) || keyword.equals("with") && DATA_MODIFYING.matcher(sql).matches();
    }

    /**
     * Whether a statement sent through a JDBC update or batch method is harmless on a read-only
     * connection (a session command such as {@code SET}).
     *
     * @param sql the statement
     * @return {@code true} for session and query commands
     */
    public static boolean isSessionCommand(String sql) {
        return SESSION_VERBS.contains(leadingKeyword(sql));
    }
}
