package dev.olafhe.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Runs {@code ola} commands in this JVM for the CLI tests, capturing what they print. */
final class OlaCli {
    private OlaCli() {
    }

    /** Exit code, standard output and standard error of one command. */
    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome ola(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(bos, true, StandardCharsets.UTF_8));
        try {
            var cmd = Main.commandLine();
            cmd.setErr(new PrintWriter(err, true));
            int rc = cmd.execute(args);
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
