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
    private static final String[][] WRITES_BY_LENGTH = byLength(WRITE_VERBS);
    private static final String[][] SESSION_BY_LENGTH = byLength(SESSION_VERBS);
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
        int start = keywordStart(sql);
        return sql.substring(start, keywordEnd(sql, start)).toLowerCase(Locale.ROOT);
    }

    private static int keywordStart(String sql) {
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
        return i;
    }

    private static int keywordEnd(String sql, int start) {
        int i = start;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Whether the leading keyword is one of the verbs, compared in place (this runs for every statement). */
    private static boolean leadingKeywordIn(String sql, String[][] verbsByLength) {
        if (sql == null) {
            return false;
        }
        int start = keywordStart(sql);
        int length = keywordEnd(sql, start) - start;
        if (length == 0 || length >= verbsByLength.length) {
            return false;
        }
        for (String verb : verbsByLength[length]) {
            if (sql.regionMatches(true, start, verb, 0, length)) {
                return true;
            }
        }
        return false;
    }

    private static String[][] byLength(Set<String> verbs) {
        int longest = verbs.stream().mapToInt(String::length).max().orElse(0);
        String[][] result = new String[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            int l = length;
            result[length] = verbs.stream().filter(v -> v.length() == l).sorted().toArray(String[]::new);
        }
        return result;
    }

    /**
     * Whether the statement certainly writes: its leading keyword is a write verb.
     *
     * @param sql the statement
     * @return {@code true} for {@code INSERT}, {@code UPDATE}, DDL and the like
     */
    public static boolean certainlyWrites(String sql) {
        return leadingKeywordIn(sql, WRITES_BY_LENGTH);
    }

    /**
     * Whether the statement may write: it certainly writes, or it is a {@code WITH} query that names a
     * data-modifying verb. Used to decide when a write's log position is worth capturing.
     *
     * @param sql the statement
     * @return {@code true} when it may write
     */
    public static boolean mayWrite(String sql) {
        if (leadingKeywordIn(sql, WRITES_BY_LENGTH)) {
            return true;
        }
        int start = keywordStart(sql);
        return keywordEnd(sql, start) - start == 4 && sql.regionMatches(true, start, "with", 0, 4)
                && DATA_MODIFYING.matcher(sql).matches();
    }

    /**
     * Whether a statement sent through a JDBC update or batch method is harmless on a read-only
     * connection (a session command such as {@code SET}).
     *
     * @param sql the statement
     * @return {@code true} for session and query commands
     */
    public static boolean isSessionCommand(String sql) {
        return leadingKeywordIn(sql, SESSION_BY_LENGTH);
    }
}
