package dev.olafhe.infer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** readout.json reads back as written; a damaged one is one line naming the file and the field. */
class LogitsReadoutTest {
    @Test
    void aWrittenReadoutReadsBackExactly(@TempDir Path dir) throws IOException {
        LogitsReadout written = new LogitsReadout(16, new int[] {3, 0, 15}, 0.25, -1.5);
        written.write(dir);
        LogitsReadout read = LogitsReadout.read(dir);
        assertEquals(16, read.slots());
        assertArrayEquals(new int[] {3, 0, 15}, read.logitSlots());
        assertEquals(0.25, read.scale());
        assertEquals(-1.5, read.offset());
    }

    @Test
    void aDamagedReadoutIsRefusedNamingTheField(@TempDir Path dir) throws IOException {
        assertThrows(NoSuchFileException.class, () -> LogitsReadout.read(dir));
        String file = dir.resolve(LogitsReadout.FILE).toString();
        assertRefused(dir, "{\"slots\": 12, \"logitSlots\": [1], \"scale\": 1, \"offset\": 0}",
                file + ": field slots must be a power of two");
        assertRefused(dir, "{\"slots\": 16, \"logitSlots\": [1, 16], \"scale\": 1, \"offset\": 0}",
                file + ": field logitSlots[1] must be in [0, 16), got 16");
        assertRefused(dir, "{\"slots\": 16, \"logitSlots\": [1], \"scale\": 0, \"offset\": 0}",
                file + ": field scale must not be 0");
        assertRefused(dir, "{\"slots\": 16, \"logitSlots\": [1], \"scale\": 1}", file + ": field offset is missing");
        assertRefused(dir, "{\"slots\": 16, \"logitSlots\": [1], \"scale\": 1, \"offset\": 0, \"x\": 1}",
                file + ": unknown field 'x' (not an OLA-FHE logits readout?)");
        assertRefused(dir, "{\"slots\": 16, \"logitSlots\": [1], \"scale\": NaN, \"offset\": 0}",
                file + " is not an OLA-FHE logits readout: invalid JSON (");
    }

    @Test
    void aReadoutDamagedIntoAnotherValidOneIsRefusedByItsCheck(@TempDir Path dir) throws IOException {
        new LogitsReadout(16, new int[] {3, 0, 15}, 0.25, -1.5).write(dir);
        Path file = dir.resolve(LogitsReadout.FILE);
        String written = Files.readString(file);
        String movedSlot = written.replace("[3,0,15]", "[3,0,14]");
        assertTrue(!movedSlot.equals(written), written);
        assertRefused(dir, movedSlot, file + ": field sha256 does not match the readout's content: the file is corrupt");
        assertRefused(dir, written.replace("0.25", "0.5"), file + ": field sha256 does not match");
        assertRefused(dir, "{\"slots\": 16, \"logitSlots\": [1], \"scale\": 1, \"offset\": 0}",
                file + ": field sha256 is missing");
    }

    private static void assertRefused(Path dir, String json, String messageStart) throws IOException {
        Files.writeString(dir.resolve(LogitsReadout.FILE), json);
        IOException e = assertThrows(IOException.class, () -> LogitsReadout.read(dir));
        assertTrue(e.getMessage().startsWith(messageStart) && e.getMessage().lines().count() == 1, e.getMessage());
    }
}
