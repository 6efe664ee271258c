package dev.olafhe.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Runs {@code ola} commands in this JVM for the CLI tests, capturing what they print: the one harness they share. */
final class OlaCli {
    private OlaCli() {
    }

    /** Exit code, standard output and standard error of one command. */
    record Outcome(int exitCode, String out, String err) {
    }

    /** Runs one command to its end, however long it takes. */
    static Outcome ola(String... args) {
        return run(null, args);
    }

    /**
     * Runs one command, failing the test if it has not returned after {@code limit} (the command is interrupted, so
     * a check that should come before hours of work cannot hang the suite).
     */
    static Outcome olaWithin(Duration limit, String... args) {
        return run(limit, args);
    }

    /** The standard output of a command that must succeed (exit code 0). */
    static String olaOutput(String... args) {
        Outcome o = ola(args);
        assertEquals(0, o.exitCode(), "exit code of ola " + String.join(" ", args) + "; stderr: " + o.err());
        return o.out();
    }

    private static Outcome run(Duration limit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(bos, true, StandardCharsets.UTF_8));
        try {
            var cmd = Main.commandLine();
            cmd.setErr(new PrintWriter(err, true));
            int rc = limit == null ? cmd.execute(args) : assertTimeoutPreemptively(limit, () -> cmd.execute(args));
            return new Outcome(rc, bos.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    /** {@code a} followed by {@code b}. */
    static String[] with(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
