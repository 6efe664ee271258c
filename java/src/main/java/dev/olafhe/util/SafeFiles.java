package dev.olafhe.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the target's
 * folder, is flushed to the disk (fsync), and is then renamed over the target in one atomic step. An interrupted
 * write (crash, full disk, kill) leaves the old file intact and no temporary file behind.
 *
 * <p>Only regular files are replaced: a target that is a directory, a device (e.g. {@code /dev/full}), a FIFO or a
 * socket is refused before anything is written, since renaming over it would replace the special file itself. A
 * symbolic link to a regular file is followed (the file it points to is replaced).
 */
public final class SafeFiles {
    private static final int BUFFER_BYTES = 1 << 20;
    private static final Set<StandardOpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
    private static final SecureRandom NAMES = new SecureRandom();
    private static final Pattern PARTIAL = Pattern.compile("\\..+\\.[0-9a-f]{12}\\.partial");

    private SafeFiles() {
    }

    /** What goes into a file: writes it to {@code out} (buffered; not to be closed by the content). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with the permissions the process's umask gives new files. */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, false);
    }

    /**
     * Writes {@code target} atomically, readable and writable by the owner only (on POSIX file systems) from the
     * moment it exists: for secret keys.
     */
    public static void writePrivate(Path target, Content content) throws IOException {
        write(target, content, true);
    }

    /** Writes {@code text} as UTF-8 atomically (e.g. JSON files), with the umask's permissions. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes), false);
    }

    private static void write(Path target, Content content, boolean ownerOnly) throws IOException {
        Path file = regularFileTarget(target);
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path partial = createPartial(dir, file.getFileName().toString(), ownerOnly);
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        syncDirectory(dir);
    }

    /**
     * Whether {@link #write} can write {@code target}, checked before expensive work: the target is missing or a
     * regular file (or a link to one), and the folder it goes in, or the nearest folder above it that exists (the
     * missing ones are created), is a writable folder.
     *
     * @throws IOException with one line saying what is wrong
     */
    public static void checkWritable(Path target) throws IOException {
        requireWritableParent(regularFileTarget(target), target.toString());
    }

    /** Refuses unless the nearest existing folder above {@code absolute} is a writable folder; names it {@code what}. */
    static void requireWritableParent(Path absolute, String what) throws IOException {
        Path existing = absolute.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("cannot write " + what + ": no folder above it exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new IOException("cannot write " + what + ": " + existing + " is not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new IOException("cannot write " + what + ": the folder " + existing + " is not writable");
        }
    }

    /** The absolute path to write: the target itself, or the regular file a symbolic link points to. */
    private static Path regularFileTarget(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return absolute;
        }
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException("refusing to write " + target + ": it is a symbolic link to a missing file");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("refusing to write " + target + ": it exists and is not a regular file ("
                    + kindOf(real) + "); choose a file path");
        }
        return real;
    }

    private static String kindOf(Path path) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return "a directory";
        }
        return "a device, FIFO or socket";
    }

    /**
     * A new empty file next to the target. Created with CREATE_NEW (not {@link Files#createTempFile}, which is
     * always owner-only) so that ordinary files get the umask's permissions and private ones exactly rw-------.
     */
    private static Path createPartial(Path dir, String name, boolean ownerOnly) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        for (int attempt = 0; ; attempt++) {
            byte[] suffix = new byte[6];
            NAMES.nextBytes(suffix);
            Path partial = dir.resolve("." + name + "." + HexFormat.of().formatHex(suffix) + ".partial");
            try {
                Files.newByteChannel(partial, CREATE_NEW, attributes).close();
                return partial;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether {@code fileName} is a temporary file of an interrupted write ({@code .<name>.<12 hex>.partial}): never a
     * file of its own, safe to delete.
     */
    public static boolean isLeftover(String fileName) {
        return PARTIAL.matcher(fileName).matches();
    }

    /** Makes the rename itself durable; file systems that cannot sync a directory are left as they are. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported here (e.g. some platforms refuse to open directories): the file itself is synced
        }
    }
}
