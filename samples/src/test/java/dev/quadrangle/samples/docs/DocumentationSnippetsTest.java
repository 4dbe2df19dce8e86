package dev.quadrangle.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the documentation honest: every {@code ```java} block in {@code README.md}, {@code docs/*.md}
 * and {@code benchmarks/README.md} is a region of compiled test code, and every relative link resolves.
 * The other tests prove that the checks fail when they should.
 */
class DocumentationSnippetsTest {
    static final List<String> EXAMPLE_SOURCES = List.of("consumers/", "samples/spring-web/", "spring-boot/");

    @Test
    void everyJavaBlockInTheDocumentationIsARegionOfCompiledCode() throws IOException {
        Path root = repositoryRoot();
        // the consumer projects compile and run the examples against the artifacts as users get them;
        // the Spring examples are the web application's and the Boot-managed auto-configuration's own code
        MarkdownSnippets snippets = new MarkdownSnippets(root, EXAMPLE_SOURCES);
        List<String> problems = new ArrayList<>();
        for (Path page : pages(root)) {
            problems.addAll(snippets.check(page));
        }
        failOn(problems);
        assertThat(snippets.blocksChecked()).as("java blocks in the documentation").isGreaterThanOrEqualTo(6);
    }

    @Test
    void everyJavadocExampleIsARegionOfCompiledCode() throws IOException {
        Path root = repositoryRoot();
        JavadocExamples examples = new JavadocExamples(root, EXAMPLE_SOURCES);
        List<String> problems = new ArrayList<>();
        for (Path source : mainSources(root)) {
            problems.addAll(examples.check(source));
        }
        failOn(problems);
        assertThat(examples.blocksChecked()).as("examples in Javadoc").isGreaterThanOrEqualTo(20);
    }

    @Test
    void aJavadocExampleWithoutItsSnippetLineOrThatDiffersIsReported(@TempDir Path root) throws IOException {
        write(root, "consumers/Example.java", "class Example {", "    // @start region=\"r\"", "    a();", "    // @end", "}");
        write(root, "src/A.java", "/**", " * One.", " * <pre>{@code", " * a();", " * }</pre>", " *",
                " * <!-- snippet: consumers/Example.java#r -->", " * <pre>{@code", " * b();", " * }</pre>", " */",
                "class A {", "}");
        List<String> problems = new JavadocExamples(root, List.of("consumers/")).check(root.resolve("src/A.java"));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("src/A.java:3: <pre>{@code block without a <!-- snippet");
        assertThat(problems.get(1)).startsWith("src/A.java:8: example differs from consumers/Example.java#r");
    }

    @Test
    void everyRelativeLinkInTheDocumentationResolves() throws IOException {
        Path root = repositoryRoot();
        MarkdownLinks links = new MarkdownLinks(root);
        List<String> problems = new ArrayList<>();
        List<Path> pages = new ArrayList<>(pages(root));
        pages.add(root.resolve("CHANGELOG.md"));
        for (Path page : pages) {
            problems.addAll(links.check(page));
        }
        failOn(problems);
    }

    @Test
    void anExampleFromOutsideTheExampleSourcesIsReported(@TempDir Path root) throws IOException {
        write(root, "src/Example.java", "class Example {", "    // @start region=\"r\"", "    a();", "    // @end", "}");
        write(root, "page.md", "<!-- snippet: src/Example.java#r -->", "```java", "a();", "```");
        assertThat(new MarkdownSnippets(root, List.of("consumers/")).check(root.resolve("page.md"))).containsExactly(
                "page.md:2: snippet src/Example.java#r must come from consumers/ (projects built against the published artifacts)");
        assertThat(new MarkdownSnippets(root).check(root.resolve("page.md"))).isEmpty();
    }

    @Test
    void oneChangedCharacterInAnExampleIsReportedWithPageAndLine(@TempDir Path root) throws IOException {
        write(root, "src/Example.java", "class Example {", "    void run() {", "        // @start region=\"greeting\"",
                "        String greeting = \"hello\";", "        System.out.println(greeting);", "        // @end", "    }", "}");
        write(root, "README.md", "# Title", "", "<!-- snippet: src/Example.java#greeting -->", "```java",
                "String greeting = \"hello\";", "System.out.println(greeting);", "```");
        assertThat(new MarkdownSnippets(root).check(root.resolve("README.md"))).isEmpty();

        write(root, "README.md", "# Title", "", "<!-- snippet: src/Example.java#greeting -->", "```java",
                "String greeting = \"hellO\";", "System.out.println(greeting);", "```");
        assertThat(new MarkdownSnippets(root).check(root.resolve("README.md"))).containsExactly(
                "README.md:5: differs from src/Example.java#greeting (region line 1): the code has "
                        + "`String greeting = \"hello\";`, the page has `String greeting = \"hellO\";`");
    }

    @Test
    void aMissingOrExtraLineIsReported(@TempDir Path root) throws IOException {
        write(root, "A.java", "// @start region=\"r\"", "a();", "b();", "// @end");
        write(root, "short.md", "<!-- snippet: A.java#r -->", "```java", "a();", "```");
        write(root, "long.md", "<!-- snippet: A.java#r -->", "```java", "a();", "b();", "c();", "```");
        assertThat(new MarkdownSnippets(root).check(root.resolve("short.md"))).containsExactly(
                "short.md:4: differs from A.java#r (region line 2): the code has `b();`, the page has nothing (the block ends)");
        assertThat(new MarkdownSnippets(root).check(root.resolve("long.md"))).containsExactly(
                "long.md:5: differs from A.java#r (region line 3): the code has nothing (the block ends), the page has `c();`");
    }

    @Test
    void aJavaBlockWithoutSnippetCommentIsReportedAndOtherLanguagesAreNot(@TempDir Path root) throws IOException {
        write(root, "docs/page.md", "# Page", "", "```text", "void run();", "```", "", "```java", "void run();", "```");
        assertThat(new MarkdownSnippets(root).check(root.resolve("docs/page.md"))).containsExactly(
                "docs/page.md:7: ```java block without a <!-- snippet: path#region --> comment on the line before it"
                        + " (examples come from compiled test code; use ```text for anything else)");
    }

    @Test
    void aSnippetNamingAMissingFileOrRegionIsReported(@TempDir Path root) throws IOException {
        write(root, "A.java", "// @start region=\"here\"", "a();", "// @end");
        write(root, "page.md", "<!-- snippet: Missing.java#r -->", "```java", "a();", "```", "",
                "<!-- snippet: A.java#elsewhere -->", "```java", "a();", "```", "",
                "<!-- snippet: A.java#here -->", "", "```java", "a();", "```");
        List<String> problems = new MarkdownSnippets(root).check(root.resolve("page.md"));
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).isEqualTo("page.md:2: snippet Missing.java#r: no such file");
        assertThat(problems.get(1)).isEqualTo("page.md:7: snippet A.java#elsewhere: no region 'elsewhere' in A.java (regions there: [here])");
        assertThat(problems.get(2)).isEqualTo("page.md:11: snippet comment is not directly followed by a ```java block");
        assertThat(problems.get(3)).startsWith("page.md:13: ```java block without a <!-- snippet");
    }

    @Test
    void regionsLoseTheirCommonIndentationAndNestedMarkers() {
        var regions = JavaRegions.parse(List.of("class A {", "    // @start region=\"outer\"", "    void a() {",
                "        // @start region=\"inner\"", "        b();   ", "        // @end", "    }", "    // @end region=\"outer\"", "}"),
                "A.java");
        assertThat(regions.get("outer")).containsExactly("void a() {", "    b();", "}");
        assertThat(regions.get("inner")).containsExactly("b();");
        assertThatThrownBy(() -> JavaRegions.parse(List.of("// @start region=\"open\"", "x();"), "B.java"))
                .isInstanceOf(IllegalStateException.class).hasMessage("B.java: region 'open' is never closed with // @end");
        assertThatThrownBy(() -> JavaRegions.parse(List.of("x();", "// @end"), "C.java"))
                .isInstanceOf(IllegalStateException.class).hasMessage("C.java:2: @end without an open region");
    }

    @Test
    void aBrokenRelativeLinkOrHeadingIsReported(@TempDir Path root) throws IOException {
        write(root, "docs/cache.md", "# Cache", "", "## Operating Redis", "text");
        write(root, "README.md", "See [cache](docs/cache.md), [Redis](docs/cache.md#operating-redis),",
                "[site](https://example.org/x), [gone](docs/gone.md), [typo](docs/cache.md#operating-redis-2),",
                "`[not a link](nowhere.md)`", "```text", "[in a block](nowhere.md)", "```");
        assertThat(new MarkdownLinks(root).check(root.resolve("README.md"))).containsExactly(
                "README.md:2: link (docs/gone.md) points to docs/gone.md, which does not exist",
                "README.md:2: link (docs/cache.md#operating-redis-2) names no heading of docs/cache.md");
    }

    private static void failOn(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " documentation problem(s):\n" + String.join("\n", problems));
        }
    }

    /** README.md, docs/*.md (sorted) and benchmarks/README.md. */
    private static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        pages.add(root.resolve("benchmarks/README.md"));
        for (Path page : pages) {
            assertThat(page).as("documentation page").isRegularFile();
        }
        return pages;
    }

    /** Every main Java source of the library and the applications (not the consumer projects' tests). */
    private static List<Path> mainSources(Path root) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().contains("src/main/java/"))
                    .filter(p -> !root.relativize(p).toString().contains("target/"))
                    .filter(p -> !root.relativize(p).startsWith("consumers"))
                    .sorted().forEach(sources::add);
        }
        return sources;
    }

    /** The first directory at or above the working directory (the module, under Maven) with mvnw and docs/. */
    private static Path repositoryRoot() {
        Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with mvnw and docs/ at or above " + start);
    }

    private static void write(Path root, String file, String... lines) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.write(path, List.of(lines));
    }
}
