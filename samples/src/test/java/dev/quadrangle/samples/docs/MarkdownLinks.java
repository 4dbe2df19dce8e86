package dev.quadrangle.samples.docs;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the relative links of a Markdown page, {@code [text](path)} and {@code [text](path#heading)}:
 * the file or directory must exist, and a heading anchor into a Markdown page must name one of its
 * headings (GitHub's rule: lower case, punctuation dropped, spaces to hyphens). Links with a scheme
 * ({@code https:}, {@code mailto:}) are not followed. Code blocks and inline code are skipped.
 */
final class MarkdownLinks {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    private final Path root;
    private final Map<Path, List<String>> anchorsByPage = new HashMap<>();

    /**
     * A checker for the pages of one repository.
     *
     * @param root the repository root, used to name pages in problems
     */
    MarkdownLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Checks one page.
     *
     * @param page a Markdown file
     * @return the broken links, each naming the page and line
     * @throws IOException when a page cannot be read
     */
    List<String> check(Path page) throws IOException {
        Path self = page.toAbsolutePath().normalize();
        String name = root.relativize(self).toString();
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(self);
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (m.find()) {
                String problem = problem(self, m.group(1));
                if (problem != null) {
                    problems.add(name + ":" + (i + 1) + ": link (" + m.group(1) + ") " + problem);
                }
            }
        }
        return problems;
    }

    private String problem(Path page, String target) throws IOException {
        if (SCHEME.matcher(target).matches()) {
            return null;
        }
        if (target.startsWith("/")) {
            return "is absolute; links between pages must be relative";
        }
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash >= 0 ? target.substring(0, hash) : target, StandardCharsets.UTF_8);
        String anchor = hash >= 0 ? target.substring(hash + 1) : null;
        Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return "points to " + root.relativize(file) + ", which does not exist";
        }
        if (anchor != null && file.toString().endsWith(".md") && !anchors(file).contains(anchor)) {
            return "names no heading of " + root.relativize(file);
        }
        return null;
    }

    private List<String> anchors(Path page) throws IOException {
        List<String> known = anchorsByPage.get(page);
        if (known != null) {
            return known;
        }
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(page)) {
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                inFence = !inFence;
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (!inFence && h.matches()) {
                String slug = slug(h.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        anchorsByPage.put(page, anchors);
        return anchors;
    }

    /** GitHub's heading anchor: lower case, letters, digits, '-' and '_' kept, spaces to '-', the rest dropped. */
    static String slug(String heading) {
        StringBuilder slug = new StringBuilder();
        for (char c : heading.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.append(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        }
        return slug.toString();
    }
}
