package dev.portcullis.it.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/CONFORMANCE.md honest: every requirement row names code that exists and either tests that
 * exist, are enabled and (for unit tests, whose reports exist by the time this module builds) ran, or a
 * {@code gap:} that says why there is none; the summary line counts what the table holds.
 */
class ConformanceTableTest {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*([^|]+?)\\s*\\|\\s*([^|]+?)\\s*\\|\\s*([^|]+?)\\s*\\|\\s*([^|]*?)\\s*\\|\\s*([^|]*?)\\s*\\|\\s*$");
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern SUMMARY = Pattern.compile("^Summary: (\\d+) of (\\d+) requirements have a test naming them\\.$", Pattern.MULTILINE);
    private static final Pattern TEST_ANNOTATION = Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory|FuzzTest)\\b");

    private static Path root;
    private static String table;
    private static List<Row> rows;
    private static Map<String, List<Path>> mainSources;
    private static Map<String, List<Path>> testSources;

    record Row(String id, String clause, String requirement, String code, String tests) {
        List<String> ticked(String column) {
            List<String> names = new ArrayList<>();
            Matcher m = TICKED.matcher(column);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        boolean isGap() {
            return tests.startsWith("gap:");
        }
    }

    @BeforeAll
    static void readTheTable() throws IOException {
        root = repositoryRoot();
        table = Files.readString(root.resolve("docs/CONFORMANCE.md"), StandardCharsets.UTF_8);
        rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches() && !m.group(1).equals("ID") && !m.group(1).startsWith("---")) {
                rows.add(new Row(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
            }
        }
        mainSources = javaFilesUnder("src/main/java");
        testSources = javaFilesUnder("src/test/java");
    }

    @Test
    void everyRowNamesItsClauseAndIsUnique() {
        assertFalse(rows.isEmpty(), "docs/CONFORMANCE.md has no requirement rows");
        Set<String> ids = new HashSet<>();
        for (Row row : rows) {
            assertTrue(ids.add(row.id()), "duplicate requirement id " + row.id());
            assertTrue(row.clause().matches("(RFC \\d{4}|XEP-\\d{4}) §.*"), row.id() + ": clause must cite RFC/XEP and §: " + row.clause());
        }
    }

    @Test
    void everyNamedClassExists() {
        List<String> missing = new ArrayList<>();
        for (Row row : rows) {
            List<String> code = row.ticked(row.code());
            if (code.isEmpty()) {
                missing.add(row.id() + ": no code named");
            }
            for (String name : code) {
                if (!mainSources.containsKey(name)) {
                    missing.add(row.id() + ": no main source file " + name + ".java");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyRowHasATestThatExistsIsEnabledAndRanOrSaysWhyNot() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Row row : rows) {
            List<String> tests = row.ticked(row.tests());
            if (row.isGap()) {
                if (!tests.isEmpty() || row.tests().length() < "gap: x".length()) {
                    problems.add(row.id() + ": a gap names no test and says why");
                }
                continue;
            }
            if (tests.isEmpty()) {
                problems.add(row.id() + ": names no test and no gap");
            }
            for (String test : tests) {
                problem(test).ifPresent(p -> problems.add(row.id() + ": " + p));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theSummaryCountsTheTable() {
        Matcher m = SUMMARY.matcher(table);
        assertTrue(m.find(), "docs/CONFORMANCE.md has no 'Summary: N of M requirements have a test naming them.' line");
        long covered = rows.stream().filter(r -> !r.isGap()).count();
        assertEquals(covered + " of " + rows.size(), m.group(1) + " of " + m.group(2), "the summary line");
    }

    private static Optional<String> problem(String test) throws IOException {
        int hash = test.indexOf('#');
        if (hash < 1) {
            return Optional.of(test + " is not Class#method");
        }
        String cls = test.substring(0, hash);
        String method = test.substring(hash + 1);
        List<Path> files = testSources.getOrDefault(cls, List.of());
        if (files.size() != 1) {
            return Optional.of(test + ": " + files.size() + " test source files named " + cls + ".java");
        }
        Path file = files.get(0);
        String src = Files.readString(file, StandardCharsets.UTF_8);
        Matcher decl = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(").matcher(src);
        if (!decl.find()) {
            return Optional.of(test + ": no method " + method + " in " + root.relativize(file));
        }
        String before = annotationsAndCommentsBefore(src, decl.start());
        if (!TEST_ANNOTATION.matcher(before).find()) {
            return Optional.of(test + " is not annotated as a test");
        }
        // Not a skip: a disabled test cannot cover a requirement, so naming one is reported as a failure.
        if (before.contains("@Disabled") || src.substring(0, src.indexOf("class " + cls)).contains("@Disabled")) {
            return Optional.of(test + " is disabled");
        }
        return ranInItsModule(cls, method, file);
    }

    /** The lines right above a declaration that belong to it: annotations (even multi-line ones) and comments. */
    private static String annotationsAndCommentsBefore(String src, int declaration) {
        String[] lines = src.substring(0, declaration).split("\n");
        StringBuilder own = new StringBuilder(lines[lines.length - 1]);
        for (int i = lines.length - 2; i >= 0; i--) {
            String line = lines[i].trim();
            boolean comment = line.startsWith("*") || line.startsWith("/*") || line.startsWith("//");
            boolean ends = line.endsWith(";") || line.endsWith("{") || line.endsWith("}");
            if (!comment && !line.startsWith("@") && ends) {
                break;
            }
            own.insert(0, line + "\n");
        }
        return own.toString();
    }

    /** Unit tests of modules built before this one have Surefire reports: the named test must be in them, not skipped. */
    private static Optional<String> ranInItsModule(String cls, String method, Path file) throws IOException {
        if (cls.endsWith("IT")) {
            return Optional.empty();
        }
        Path module = file;
        while (module != null && !Files.isDirectory(module.resolve("src/test/java"))) {
            module = module.getParent();
        }
        Path reports = module == null ? null : module.resolve("target/surefire-reports");
        if (reports == null || !Files.isDirectory(reports)) {
            return Optional.empty();
        }
        String pkg = packageOf(file);
        Path report = reports.resolve("TEST-" + pkg + "." + cls + ".xml");
        if (!Files.exists(report)) {
            return Optional.of(cls + "#" + method + " has no Surefire report in " + root.relativize(reports) + ": did it run?");
        }
        String xml = Files.readString(report, StandardCharsets.UTF_8);
        Matcher tc = Pattern.compile("<testcase name=\"" + Pattern.quote(method) + "[\"(\\[][^>]*?(/>|>(.*?)</testcase>)", Pattern.DOTALL).matcher(xml);
        if (!tc.find()) {
            return Optional.of(cls + "#" + method + " is not in its Surefire report: did it run?");
        }
        if (tc.group(2) != null && tc.group(2).contains("<skipped")) {
            return Optional.of(cls + "#" + method + " was skipped");
        }
        return Optional.empty();
    }

    private static String packageOf(Path file) throws IOException {
        Matcher m = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE).matcher(Files.readString(file, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : "";
    }

    private static Map<String, List<Path>> javaFilesUnder(String sourceRoot) throws IOException {
        Map<String, List<Path>> byName = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/" + sourceRoot + "/"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .forEach(p -> byName.computeIfAbsent(p.getFileName().toString().replace(".java", ""), k -> new ArrayList<>()).add(p));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return byName;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/CONFORMANCE.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/CONFORMANCE.md not found above " + System.getProperty("user.dir"));
        }
        return dir;
    }
}
