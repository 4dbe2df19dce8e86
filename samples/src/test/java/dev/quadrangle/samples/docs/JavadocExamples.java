package dev.quadrangle.samples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the examples in Javadoc: each {@code <pre>{@code ...}</pre>} block of a source file must follow a
 * line {@code <!-- snippet: path/To.java#region -->} and equal that region of compiled code, as the
 * documentation's {@code ```java} blocks do ({@link MarkdownSnippets}).
 */
final class JavadocExamples {
    private static final Pattern SNIPPET = Pattern.compile("^\\s*\\*\\s*<!--\\s*snippet:\\s*(\\S+?)#([A-Za-z0-9_.-]+)\\s*-->\\s*$");
    private static final Pattern OPEN = Pattern.compile("^\\s*\\*\\s*<pre>\\{@code\\s*$");
    private static final Pattern CLOSE = Pattern.compile("^\\s*\\*\\s*}</pre>\\s*$");

    private final Path root;
    private final List<String> sourceFolders;
    private int blocksChecked;

    /**
     * A checker for one repository.
     *
     * @param root the repository root, against which snippet paths resolve
     * @param sourceFolders the folders examples may come from, relative to the root
     */
    JavadocExamples(Path root, List<String> sourceFolders) {
        this.root = root.toAbsolutePath().normalize();
        this.sourceFolders = List.copyOf(sourceFolders);
    }

    int blocksChecked() {
        return blocksChecked;
    }

    /**
     * Checks one source file.
     *
     * @param source a Java source file
     * @return the problems, each naming the file and line
     * @throws IOException when a file cannot be read
     */
    List<String> check(Path source) throws IOException {
        String name = root.relativize(source.toAbsolutePath().normalize()).toString();
        List<String> lines = Files.readAllLines(source);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!OPEN.matcher(lines.get(i)).matches()) {
                continue;
            }
            int open = i;
            List<String> block = new ArrayList<>();
            for (i++; i < lines.size() && !CLOSE.matcher(lines.get(i)).matches(); i++) {
                block.add(lines.get(i).replaceFirst("^\\s*\\* ?", "").stripTrailing());
            }
            blocksChecked++;
            String at = name + ":" + (open + 1) + ": ";
            Matcher snippet = open > 0 ? SNIPPET.matcher(lines.get(open - 1)) : null;
            if (snippet == null || !snippet.matches()) {
                problems.add(at + "<pre>{@code block without a <!-- snippet: path#region --> line before it"
                        + " (Javadoc examples come from compiled code)");
                continue;
            }
            String target = snippet.group(1) + "#" + snippet.group(2);
            if (sourceFolders.stream().noneMatch(snippet.group(1)::startsWith)) {
                problems.add(at + "snippet " + target + " must come from " + String.join(", ", sourceFolders));
                continue;
            }
            Path file = root.resolve(snippet.group(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                problems.add(at + "snippet " + target + ": no such file");
                continue;
            }
            Map<String, List<String>> regions = JavaRegions.read(file);
            List<String> region = regions.get(snippet.group(2));
            if (region == null) {
                problems.add(at + "snippet " + target + ": no region '" + snippet.group(2) + "'");
            } else if (!region.equals(JavaRegions.dedent(block))) {
                problems.add(at + "example differs from " + target + ":\n  expected: " + String.join("\n            ", region)
                        + "\n  actual:   " + String.join("\n            ", JavaRegions.dedent(block)));
            }
        }
        return problems;
    }
}
