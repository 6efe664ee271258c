package dev.olafhe.util;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Writes a folder of files as a whole, so that a reader never sees old and new files mixed: the files go into a new
 * sibling folder ({@code .<name>.new-<random>}), which then replaces the target in two renames (the old folder
 * aside as {@code .<name>.old-<random>}, the new one in; the old one is deleted after). Until the second rename the
 * old folder is complete where it was or where it was put aside; a failure puts it back and removes the new one.
 *
 * <p>A process killed midway leaves a sibling behind; the next write for the same target cleans up: an old folder
 * put aside while the target is missing is renamed back first (it is the only copy), every other leftover is
 * deleted. Only folders of the caller's kind are ever replaced or deleted: an existing target (or leftover) must be
 * empty or hold nothing but files the caller calls its own and {@link SafeFiles}' leftovers; anything else, symbolic
 * links and subfolders included, is refused before any work and left alone.
 */
public final class AtomicFolder {
    private static final SecureRandom NAMES = new SecureRandom();

    private AtomicFolder() {
    }

    /** Fills the new folder (which exists and is empty). */
    @FunctionalInterface
    public interface Content {
        void writeInto(Path folder) throws IOException;
    }

    /**
     * Whether {@link #write} can replace {@code target}, before expensive work: its parent (or the nearest folder
     * above it that exists) is a writable folder, and the target is missing, or a folder of the caller's kind.
     *
     * @param ownFile names of the files a folder of this kind holds
     * @param kind    the kind in words, for messages (e.g. "an OLA-FHE key folder")
     * @throws IOException with one line saying what is wrong
     */
    public static void checkTarget(Path target, Predicate<String> ownFile, String kind) throws IOException {
        Path folder = absolute(target);
        if (folder.getParent() == null) {
            throw new IOException("refusing to write " + kind + " at " + target + ": it has no parent folder");
        }
        SafeFiles.requireWritableParent(folder, kind + " " + target);
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            requireOwnFolder(folder, ownFile, kind, "refusing to replace " + target);
        }
    }

    /**
     * Writes the folder {@code target} as a whole with {@code content} (see the class comment); checks it first
     * ({@link #checkTarget}) and cleans up leftovers of an earlier interrupted write.
     */
    public static void write(Path target, Predicate<String> ownFile, String kind, Content content) throws IOException {
        checkTarget(target, ownFile, kind);
        Path folder = absolute(target);
        Path parent = Files.createDirectories(folder.getParent());
        recoverLeftovers(folder, ownFile, kind);
        Path fresh = createSibling(folder, "new");
        try {
            content.writeInto(fresh);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(fresh, ownFile);
            throw e;
        }
        swapIn(fresh, folder, ownFile);
        SafeFiles.syncDirectory(parent);
    }

    /** Renames {@code fresh} to {@code folder}, the old folder (if any) aside first and deleted after. */
    private static void swapIn(Path fresh, Path folder, Predicate<String> ownFile) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.move(fresh, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                deleteQuietly(fresh, ownFile);
                throw e;
            }
            return;
        }
        Path old = sibling(folder, "old");
        Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(fresh, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(old, folder, StandardCopyOption.ATOMIC_MOVE);
            deleteQuietly(fresh, ownFile);
            throw e;
        }
        deleteQuietly(old, ownFile); // a leftover here is removed by the next write
    }

    /** The siblings of {@code folder} an interrupted write left: renames an old one back when the folder is gone. */
    private static void recoverLeftovers(Path folder, Predicate<String> ownFile, String kind) throws IOException {
        Pattern leftover = Pattern.compile(Pattern.quote("." + folder.getFileName() + ".") + "(new|old)-[0-9a-f]{12}");
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.getParent())) {
            for (Path p : entries) {
                if (leftover.matcher(p.getFileName().toString()).matches()) {
                    found.add(p);
                }
            }
        }
        for (Path p : found) {
            requireOwnFolder(p, ownFile, kind, "found " + p + ", left by an interrupted write, but cannot remove it");
            boolean old = p.getFileName().toString().contains(".old-");
            if (old && !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(p, folder, StandardCopyOption.ATOMIC_MOVE);
            } else {
                delete(p, ownFile);
            }
        }
    }

    /** Refuses unless {@code dir} is a real folder holding only own files and {@link SafeFiles} leftovers. */
    private static void requireOwnFolder(Path dir, Predicate<String> ownFile, String kind, String refusal)
            throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(refusal + ": it is not a folder (" + (Files.isSymbolicLink(dir) ? "a symbolic link"
                    : "a file") + "); choose a new or empty folder for " + kind);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        || !(ownFile.test(name) || SafeFiles.isLeftover(name))) {
                    throw new IOException(refusal + ": it holds " + name + ", which is not part of " + kind
                            + "; choose a new or empty folder");
                }
            }
        }
    }

    /** Deletes a folder of own files (checked again: nothing else is ever deleted). */
    private static void delete(Path dir, Predicate<String> ownFile) throws IOException {
        requireOwnFolder(dir, ownFile, "this kind of folder", "refusing to delete " + dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static void deleteQuietly(Path dir, Predicate<String> ownFile) {
        try {
            delete(dir, ownFile);
        } catch (IOException e) {
            // left behind: the next write for the same target removes it
        }
    }

    private static Path createSibling(Path folder, String role) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createDirectory(sibling(folder, role));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static Path sibling(Path folder, String role) {
        byte[] suffix = new byte[6];
        NAMES.nextBytes(suffix);
        return folder.resolveSibling("." + folder.getFileName() + "." + role + "-" + HexFormat.of().formatHex(suffix));
    }

    private static Path absolute(Path target) {
        return target.toAbsolutePath().normalize();
    }
}
