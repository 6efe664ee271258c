package dev.olafhe.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The checks every reader of model and data files makes before reading: the file must be a regular file (a device
 * such as /dev/zero never ends, a FIFO may block forever, a directory has no bytes) and no larger than the reader
 * accepts. Refusals are {@link IOException}s whose one-line message names the file and the problem.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * The size of {@code path} after checking that it is a regular file (symbolic links followed) of at most
     * {@code maxBytes}; a missing file is a {@link NoSuchFileException} with reason {@code missingReason}.
     */
    public static long checkRegularFile(Path path, long maxBytes, String missingReason) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, missingReason);
        }
        if (!a.isRegularFile()) {
            String kind = a.isDirectory() ? "a directory" : "a device, FIFO or socket";
            throw new IOException(path + " is " + kind + ", not a regular file");
        }
        if (a.size() > maxBytes) {
            throw new IOException(path + " is " + a.size() + " bytes, more than the " + maxBytes
                    + " this reader accepts");
        }
        return a.size();
    }

    /** All bytes of a regular file of at most {@code maxBytes} (checked as {@link #checkRegularFile} does). */
    public static byte[] readAll(Path path, long maxBytes, String missingReason) throws IOException {
        checkRegularFile(path, maxBytes, missingReason);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            // read at most one byte past the limit, so a file that grows meanwhile cannot exhaust memory
            bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        }
        if (bytes.length > maxBytes) {
            throw new IOException(path + " grew past " + maxBytes + " bytes while being read");
        }
        return bytes;
    }
}
