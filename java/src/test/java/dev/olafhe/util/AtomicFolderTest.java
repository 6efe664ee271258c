package dev.olafhe.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A folder written as a whole: replaced only when complete, never another kind of folder, leftovers cleaned up. */
class AtomicFolderTest {
    private static final Predicate<String> OWN = Set.of("a.key", "b.key", "c.key")::contains;
    private static final String KIND = "a test folder";

    private static AtomicFolder.Content files(String... names) {
        return folder -> {
            for (String name : names) {
                Files.writeString(folder.resolve(name), "new " + name);
            }
        };
    }

    /** Everything in {@code dir} (names), sorted. */
    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFolderAndReplacesAnOldOneAsAWhole(@TempDir Path tmp) throws IOException {
        Path keys = tmp.resolve("keys");
        AtomicFolder.write(keys, OWN, KIND, files("a.key", "b.key", "c.key"));
        assertEquals(List.of("a.key", "b.key", "c.key"), list(keys));
        Files.writeString(keys.resolve(".a.key.0123456789ab.partial"), "left by an interrupted write");

        AtomicFolder.write(keys, OWN, KIND, files("a.key"));
        assertEquals(List.of("a.key"), list(keys), "no file of the old folder remains beside the new one");
        assertEquals("new a.key", Files.readString(keys.resolve("a.key")));
        assertEquals(List.of("keys"), list(tmp), "no sibling left behind");
    }

    @Test
    void aFailureLeavesTheOldFolderIntactAndNothingBehind(@TempDir Path tmp) throws IOException {
        Path keys = tmp.resolve("keys");
        AtomicFolder.write(keys, OWN, KIND, files("a.key", "b.key"));
        IOException e = assertThrows(IOException.class, () -> AtomicFolder.write(keys, OWN, KIND, folder -> {
            Files.writeString(folder.resolve("a.key"), "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(List.of("a.key", "b.key"), list(keys));
        assertEquals("new a.key", Files.readString(keys.resolve("a.key")));
        assertEquals(List.of("keys"), list(tmp));
    }

    @Test
    void anotherKindOfFolderOrAFileIsRefusedBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(mine.resolve("holiday.jpg"), "precious");
        AtomicFolder.Content never = folder -> {
            throw new AssertionError("no work for a refused target");
        };
        IOException foreign = assertThrows(IOException.class, () -> AtomicFolder.write(mine, OWN, KIND, never));
        assertEquals("refusing to replace " + mine + ": it holds holiday.jpg, which is not part of a test folder; "
                + "choose a new or empty folder", foreign.getMessage());
        Files.createDirectories(tmp.resolve("nested/sub"));
        IOException nested = assertThrows(IOException.class,
                () -> AtomicFolder.checkTarget(tmp.resolve("nested"), OWN, KIND));
        assertTrue(nested.getMessage().contains("it holds sub"), nested.getMessage());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        IOException notAFolder = assertThrows(IOException.class, () -> AtomicFolder.checkTarget(file, OWN, KIND));
        assertTrue(notAFolder.getMessage().contains("it is not a folder (a file)"), notAFolder.getMessage());
        IOException parentIsAFile = assertThrows(IOException.class,
                () -> AtomicFolder.checkTarget(file.resolve("keys"), OWN, KIND));
        assertTrue(parentIsAFile.getMessage().endsWith(file + " is not a folder"), parentIsAFile.getMessage());
        assertEquals("precious", Files.readString(mine.resolve("holiday.jpg")));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        AtomicFolder.write(empty, OWN, KIND, files("a.key"));
        assertEquals(List.of("a.key"), list(empty));
    }

    /** A process killed between the two renames: the old folder, put aside, is the only copy and comes back. */
    @Test
    void leftoversOfAnInterruptedWriteAreRecoveredOrRemoved(@TempDir Path tmp) throws IOException {
        Path keys = tmp.resolve("keys");
        Path putAside = Files.createDirectories(tmp.resolve(".keys.old-0123456789ab"));
        Files.writeString(putAside.resolve("a.key"), "old a.key");
        Path unfinished = Files.createDirectories(tmp.resolve(".keys.new-ba9876543210"));
        Files.writeString(unfinished.resolve("b.key"), "half");
        IOException e = assertThrows(IOException.class, () -> AtomicFolder.write(keys, OWN, KIND, folder -> {
            throw new IOException("interrupted again");
        }));
        assertEquals("interrupted again", e.getMessage());
        assertEquals(List.of("keys"), list(tmp), "the old folder is back, the unfinished one gone");
        assertEquals("old a.key", Files.readString(keys.resolve("a.key")));

        Path stale = Files.createDirectories(tmp.resolve(".keys.old-aaaaaaaaaaaa"));
        Files.writeString(stale.resolve("c.key"), "stale");
        AtomicFolder.write(keys, OWN, KIND, files("b.key"));
        assertEquals(List.of("keys"), list(tmp), "an old folder beside a complete one is removed");
        assertEquals(List.of("b.key"), list(keys));

        Path strange = Files.createDirectories(tmp.resolve(".keys.new-bbbbbbbbbbbb"));
        Files.writeString(strange.resolve("notes.txt"), "not ours");
        IOException refused = assertThrows(IOException.class, () -> AtomicFolder.write(keys, OWN, KIND, files()));
        assertTrue(refused.getMessage().startsWith("found " + strange + ", left by an interrupted write, but cannot "
                + "remove it: it holds notes.txt"), refused.getMessage());
        assertTrue(Files.exists(strange.resolve("notes.txt")));
        assertFalse(list(keys).isEmpty());
    }
}
