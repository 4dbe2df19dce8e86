package dev.quadrangle.samples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that every {@code ```java} block of a Markdown page is a region of compiled Java code: the line
 * before the block is {@code <!-- snippet: <path from the repository root>#<region> -->}, and the
 * block's lines equal the region's lines (see {@link JavaRegions}), trailing whitespace ignored.
 *
 * <p>Each problem is one line naming the page and the line of the page it concerns. Not thread-safe.
 */
final class MarkdownSnippets {
    private static final Pattern SNIPPET = Pattern.compile("^\\s*<!--\\s*snippet:\\s*(\\S+?)#([A-Za-z0-9_.-]+)\\s*-->\\s*$");
    private static final Pattern SNIPPET_LIKE = Pattern.compile("^\\s*<!--\\s*snippet:.*$");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*([^\\s`]*).*$");

    private final Path root;
    private final List<String> sourceFolders;
    private final Map<Path, Map<String, List<String>>> regionsByFile = new HashMap<>();
    private int blocksChecked;

    /**
     * A checker for the pages of one repository.
     *
     * @param root the repository root, against which snippet paths resolve
     */
    MarkdownSnippets(Path root) {
        this(root, List.of());
    }

    /**
     * A checker that also requires every example to come from one of the given folders.
     *
     * @param root the repository root, against which snippet paths resolve
     * @param sourceFolders folders relative to the root (e.g. {@code "consumers/"}); empty allows any
     */
    MarkdownSnippets(Path root, List<String> sourceFolders) {
        this.root = root.toAbsolutePath().normalize();
        this.sourceFolders = List.copyOf(sourceFolders);
    }

    /** The number of {@code ```java} blocks seen so far. */
    int blocksChecked() {
        return blocksChecked;
    }

    /**
     * Checks one page.
     *
     * @param page a Markdown file
     * @return the problems found, each naming the page and line
     * @throws IOException when the page cannot be read
     */
    List<String> check(Path page) throws IOException {
        String name = root.relativize(page.toAbsolutePath().normalize()).toString();
        List<String> lines = Files.readAllLines(page);
        List<String> problems = new ArrayList<>();
        String fence = null;
        int fenceIndent = 0;
        int blockStart = -1;
        String[] snippet = null;
        int snippetLine = -1;
        List<String> block = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher f = FENCE.matcher(line);
            if (fence == null) {
                if (snippet != null && i == snippetLine + 1 && !(f.matches() && f.group(3).equals("java"))) {
                    problems.add(name + ":" + (snippetLine + 1) + ": snippet comment is not directly followed by a ```java block");
                    snippet = null;
                }
                Matcher s = SNIPPET.matcher(line);
                if (s.matches()) {
                    snippet = new String[] {s.group(1), s.group(2)};
                    snippetLine = i;
                } else if (SNIPPET_LIKE.matcher(line).matches()) {
                    problems.add(name + ":" + (i + 1) + ": malformed snippet comment, expected <!-- snippet: path/To.java#region -->");
                } else if (f.matches()) {
                    fence = f.group(2);
                    fenceIndent = f.group(1).length();
                    blockStart = f.group(3).equals("java") ? i : -1;
                    block.clear();
                }
                continue;
            }
            if (line.strip().startsWith(fence) && line.strip().replace(fence.substring(0, 1), "").isEmpty()) {
                if (blockStart >= 0) {
                    boolean commented = snippet != null && snippetLine == blockStart - 1;
                    problems.addAll(compare(name, blockStart, commented ? snippet : null, block));
                    blocksChecked++;
                }
                fence = null;
                snippet = null;
                continue;
            }
            if (blockStart >= 0) {
                block.add(unindent(line, fenceIndent).stripTrailing());
            }
        }
        if (fence != null) {
            problems.add(name + ":" + (blockStart + 1) + ": code block is never closed");
        }
        if (snippet != null && snippetLine == lines.size() - 1) {
            problems.add(name + ":" + (snippetLine + 1) + ": snippet comment is not directly followed by a ```java block");
        }
        return problems;
    }

    private List<String> compare(String page, int fenceLine, String[] snippet, List<String> block) {
        String at = page + ":" + (fenceLine + 1) + ": ";
        if (snippet == null) {
            return List.of(at + "```java block without a <!-- snippet: path#region --> comment on the line before it"
                    + " (examples come from compiled test code; use ```text for anything else)");
        }
        String target = snippet[0] + "#" + snippet[1];
        Path file = root.resolve(snippet[0]).normalize();
        if (!file.startsWith(root) || !snippet[0].endsWith(".java")) {
            return List.of(at + "snippet " + target + " must name a .java file inside the repository");
        }
        if (!sourceFolders.isEmpty() && sourceFolders.stream().noneMatch(snippet[0]::startsWith)) {
            return List.of(at + "snippet " + target + " must come from " + String.join(", ", sourceFolders)
                    + " (projects built against the published artifacts)");
        }
        if (!Files.isRegularFile(file)) {
            return List.of(at + "snippet " + target + ": no such file");
        }
        Map<String, List<String>> regions;
        try {
            regions = regionsByFile.computeIfAbsent(file, MarkdownSnippets::regionsOf);
        } catch (IllegalStateException e) {
            return List.of(at + "snippet " + target + ": " + e.getMessage());
        }
        List<String> region = regions.get(snippet[1]);
        if (region == null) {
            return List.of(at + "snippet " + target + ": no region '" + snippet[1] + "' in " + snippet[0]
                    + " (regions there: " + regions.keySet() + ")");
        }
        List<String> problems = new ArrayList<>();
        int n = Math.max(region.size(), block.size());
        for (int k = 0; k < n; k++) {
            String expected = k < region.size() ? region.get(k) : null;
            String actual = k < block.size() ? block.get(k) : null;
            if (expected == null || !expected.equals(actual)) {
                problems.add(page + ":" + (fenceLine + 2 + k) + ": differs from " + target + " (region line " + (k + 1)
                        + "): the code has " + quote(expected) + ", the page has " + quote(actual));
            }
        }
        return problems;
    }

    private static Map<String, List<String>> regionsOf(Path file) {
        try {
            return JavaRegions.read(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String unindent(String line, int indent) {
        int strip = 0;
        while (strip < indent && strip < line.length() && line.charAt(strip) == ' ') {
            strip++;
        }
        return line.substring(strip);
    }

    private static String quote(String line) {
        return line == null ? "nothing (the block ends)" : "`" + line + "`";
    }
}
