package dev.olafhe.arch;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.comments.Comment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape rules of {@code java/src/main} (architecture notes, "Layers"), read from the sources: no class over
 * {@value #MAX_CLASS_LINES} lines and no method over {@value #MAX_METHOD_LINES} lines unless a one-line
 * {@code // long: <reason>} comment stands directly above it, and imports only run down the layers.
 */
class CodeShapeTest {
    static final int MAX_CLASS_LINES = 500;
    static final int MAX_METHOD_LINES = 60;
    static final Path MAIN = Path.of("src/main/java");

    /**
     * Layers by rank: a package may import only packages of a lower rank. Packages of equal rank never import each
     * other: {@code ola} and {@code infer} meet only in {@code plan}; {@code ckks} and {@code nn} are independent.
     */
    static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("util", 0), Map.entry("math", 0),
            Map.entry("backend", 1), Map.entry("approx", 1),
            Map.entry("ckks", 2), Map.entry("nn", 2),
            Map.entry("plan", 3), Map.entry("perf", 3),
            Map.entry("ola", 4), Map.entry("infer", 4),
            Map.entry("cli", 5));

    record Source(Path path, CompilationUnit unit) {
        String layer() {
            return layerOf(unit.getPackageDeclaration().orElseThrow().getNameAsString());
        }
    }

    static List<Source> sources;

    @BeforeAll
    static void parse() throws IOException {
        StaticJavaParser.getParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);
        try (Stream<Path> files = Files.walk(MAIN)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().map(p -> {
                try {
                    return new Source(p, StaticJavaParser.parse(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
        assertTrue(sources.size() > 100, "expected the main sources under " + MAIN.toAbsolutePath());
    }

    @Test
    void noClassOverTheLimit() {
        List<String> over = new ArrayList<>();
        for (Source s : sources) {
            for (TypeDeclaration<?> type : s.unit().getTypes()) {
                int lines = lines(type);
                if (lines > MAX_CLASS_LINES && !hasReason(type)) {
                    over.add(s.path() + ": " + type.getNameAsString() + " has " + lines + " lines");
                }
            }
        }
        assertEquals(List.of(), over, "classes over " + MAX_CLASS_LINES + " lines without a `// long:` reason");
    }

    @Test
    void noMethodOverTheLimit() {
        List<String> over = new ArrayList<>();
        for (Source s : sources) {
            for (CallableDeclaration<?> m : s.unit().findAll(CallableDeclaration.class)) {
                int lines = lines(m);
                if (lines > MAX_METHOD_LINES && !hasReason(m)) {
                    over.add(s.path() + ":" + m.getBegin().orElseThrow().line + ": " + m.getNameAsString() + " has "
                            + lines + " lines");
                }
            }
        }
        assertEquals(List.of(), over, "methods over " + MAX_METHOD_LINES + " lines without a `// long:` reason");
    }

    @Test
    void importsRunDownTheLayers() {
        List<String> upward = new ArrayList<>();
        for (Source s : sources) {
            String from = s.layer();
            for (ImportDeclaration i : s.unit().getImports()) {
                String name = i.getNameAsString();
                if (!name.startsWith("dev.olafhe.")) {
                    continue;
                }
                String to = layerOf(name);
                if (!to.equals(from) && RANK.get(to) >= RANK.get(from)) {
                    upward.add(s.path() + ": " + from + " imports " + name);
                }
            }
        }
        assertEquals(List.of(), upward, "imports that do not run down the layers " + RANK);
    }

    static String layerOf(String qualifiedName) {
        String[] parts = qualifiedName.split("\\.");
        if (parts.length < 3 || !parts[0].equals("dev") || !parts[1].equals("olafhe")) {
            throw new AssertionError("not in dev.olafhe: " + qualifiedName);
        }
        if (!RANK.containsKey(parts[2])) {
            throw new AssertionError("package " + parts[2] + " has no layer in CodeShapeTest.RANK: " + qualifiedName);
        }
        return parts[2];
    }

    static int lines(Node n) {
        return n.getEnd().orElseThrow().line - n.getBegin().orElseThrow().line + 1;
    }

    /** A {@code // long: reason} line comment attached to the declaration (directly above it). */
    static boolean hasReason(Node n) {
        return n.getComment().map(Comment::getContent).map(String::strip)
                .filter(c -> c.startsWith("long:") && c.length() > "long:".length() + 3).isPresent();
    }
}
