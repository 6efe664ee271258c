package dev.olafhe.perf;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {
    /** Wrapping keeps every word, in order, and breaks lines only where a word would cross the width. */
    @Property(tries = 200)
    void wrapKeepsEveryWord(@ForAll @Size(min = 1, max = 40) List<@AlphaChars @StringLength(min = 1, max = 30) String> words,
                            @ForAll @IntRange(min = 10, max = 150) int width) {
        String text = String.join(" ", words);
        String wrapped = Charts.wrap(text, width);
        assertEquals(text, wrapped.replace('\n', ' '));
        for (String line : wrapped.split("\n")) {
            assertTrue(line.length() <= width || !line.contains(" "), line);
        }
    }
}
