package dev.olafhe.cli;

import dev.olafhe.backend.BackendUnavailableException;
import dev.olafhe.nn.onnx.OnnxImportException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.Callable;

/** Entry point of the {@code ola} command line; each subcommand is one class in this package. */
@Command(name = "ola",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "OLA-FHE: layerwise-optimised polynomial activations for CKKS-encrypted CNN inference.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                DoctorCommand.class,
                EvalCommand.class,
                ProfileCommand.class,
                PlanCommand.class,
                RunCommand.class,
                KeygenCommand.class,
                EncryptCommand.class,
                InferCommand.class,
                DecryptCommand.class,
                BenchCommand.class,
                CalibrateCommand.class,
                PresetsCommand.class,
        })
public final class Main implements Callable<Integer> {
    /** Longest error line printed (a message quoting a huge value is cut). */
    private static final int MAX_ERROR_CHARS = 600;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the CLI tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(Main::reportInputError)
                .setParameterExceptionHandler(Main::reportUsageError);
    }

    /**
     * Bad input (a missing or corrupt file, an unsupported model, a wrong option value) ends the command with one
     * clear line on stderr and exit code 2 instead of a stack trace; anything else is a bug and propagates.
     */
    static int reportInputError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        Exception input = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (input instanceof IOException || input instanceof IllegalArgumentException
                || input instanceof OnnxImportException || input instanceof BackendUnavailableException) {
            printError(cmd, describe(input));
            return 2;
        }
        throw e;
    }

    /** An option or argument that does not parse or is out of range: one line and a pointer to --help, exit 2. */
    static int reportUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String suggestion = "";
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            suggestion = " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
        }
        printError(cmd, e.getMessage() + suggestion + "; see `" + cmd.getCommandSpec().qualifiedName()
                + " --help`");
        return 2;
    }

    /** Prints "ola COMMAND: error: MESSAGE" as one line on the command's stderr. */
    static void printError(CommandLine cmd, String message) {
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + oneLine(message));
    }

    /**
     * What went wrong, naming the file where the exception knows it: file-system exceptions often carry only the
     * path or only the reason as their message, a character-coding error none that says "not text".
     */
    static String describe(Exception e) {
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
            String reason = fs.getReason() == null ? "" : " (" + fs.getReason() + ")";
            String what = e instanceof NoSuchFileException ? "file not found"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : e instanceof FileAlreadyExistsException ? "already exists"
                    : e instanceof DirectoryNotEmptyException ? "directory not empty"
                    : fs.getReason() == null ? "cannot use the file" : fs.getReason();
            return what + ": " + file + (e.getClass() == FileSystemException.class ? "" : reason);
        }
        if (e instanceof CharacterCodingException) {
            return "not a text file (" + e.getClass().getSimpleName() + ")";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Newlines and other control characters collapsed to spaces, cut to {@value #MAX_ERROR_CHARS} characters. */
    static String oneLine(String message) {
        String s = message.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS - 3) + "...";
    }

    /** No command: the usage on stderr and exit code 2 (a script that forgot the command must not look successful). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Reads the version Maven filtered into the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ola " + OlaVersion.get()};
        }
    }
}
