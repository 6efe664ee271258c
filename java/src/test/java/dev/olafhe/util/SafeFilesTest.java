package dev.olafhe.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SafeFilesTest {
    @TempDir
    Path dir;

    private List<Path> leftovers() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        }
    }

    @Test
    void writesAndReplacesRegularFilesCreatingTheFolder() throws IOException {
        Path target = dir.resolve("sub/folder/out.json");
        SafeFiles.writeString(target, "{\"a\": 1}");
        assertEquals("{\"a\": 1}", Files.readString(target));
        SafeFiles.write(target, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("second", Files.readString(target));
        assertTrue(leftovers().isEmpty());
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("keys.bin");
        Files.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> SafeFiles.write(target, out -> {
            out.write(new byte[3 << 20]); // past the buffer: bytes already reached the temporary file
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertTrue(leftovers().isEmpty(), "temporary file removed: " + leftovers());
    }

    @Test
    void privateFilesAreOwnerOnlyAndOrdinaryFilesFollowTheUmask() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        Path secret = dir.resolve("secret.key");
        SafeFiles.writePrivate(secret, out -> out.write(1));
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(secret));
        Path plain = dir.resolve("public.key");
        SafeFiles.write(plain, out -> out.write(1));
        Path reference = Files.createFile(dir.resolve("reference")); // what the umask gives a new file
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(plain));
    }

    @Test
    void refusesToReplaceADirectory() throws IOException {
        Path target = Files.createDirectory(dir.resolve("out"));
        IOException e = assertThrows(IOException.class, () -> SafeFiles.writeString(target, "x"));
        assertTrue(e.getMessage().contains("not a regular file") && e.getMessage().contains("directory"), e.getMessage());
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void refusesToReplaceADevice() {
        Path device = Path.of("/dev/full");
        assumeTrue(Files.exists(device));
        IOException e = assertThrows(IOException.class, () -> SafeFiles.writeString(device, "x"));
        assertTrue(e.getMessage().contains("refusing to write /dev/full") && e.getMessage().contains("not a regular file"),
                e.getMessage());
    }

    @Test
    void refusesToReplaceAFifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        IOException e = assertThrows(IOException.class, () -> SafeFiles.writeString(fifo, "x"));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertFalse(Files.isRegularFile(fifo));
    }

    @Test
    void followsASymbolicLinkToARegularFile() throws IOException {
        Path real = dir.resolve("real.txt");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real);
        SafeFiles.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
    }

    @Test
    void refusesADanglingSymbolicLink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("missing"));
        IOException e = assertThrows(IOException.class, () -> SafeFiles.writeString(link, "x"));
        assertTrue(e.getMessage().contains("symbolic link to a missing file"), e.getMessage());
    }

    /** The cheap check before expensive work: what write would refuse, refused without writing anything. */
    @Test
    void checkWritableRefusesWhatWriteWouldRefuseAndCreatesNothing() throws IOException {
        SafeFiles.checkWritable(dir.resolve("missing/folders/out.ct"));
        assertFalse(Files.exists(dir.resolve("missing")), "a check creates nothing");
        IOException folder = assertThrows(IOException.class, () -> SafeFiles.checkWritable(dir));
        assertTrue(folder.getMessage().contains("it exists and is not a regular file (a directory)"),
                folder.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "x");
        IOException parent = assertThrows(IOException.class, () -> SafeFiles.checkWritable(file.resolve("out.ct")));
        assertEquals("cannot write " + file.resolve("out.ct") + ": " + file + " is not a folder", parent.getMessage());
        assertTrue(SafeFiles.isLeftover(".out.ct.0123456789ab.partial"));
        assertFalse(SafeFiles.isLeftover("out.ct.partial"));
    }
}
