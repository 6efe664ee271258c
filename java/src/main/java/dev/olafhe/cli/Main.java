package dev.olafhe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the CLI tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(Main::reportInputError);
    }

    /**
     * Bad input (a missing or corrupt file, an unsupported model, a wrong option value) ends the command with one
     * clear line on stderr and exit code 2 instead of a stack trace; anything else is a bug and propagates.
     */
    static int reportInputError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof java.io.IOException || e instanceof IllegalArgumentException
                || e instanceof dev.olafhe.nn.onnx.OnnxImportException) {
            String what = e instanceof java.nio.file.NoSuchFileException nf
                    ? "file not found: " + nf.getFile() + (nf.getReason() == null ? "" : " (" + nf.getReason() + ")")
                    : e.getMessage();
            cmd.getErr().println("ola " + cmd.getCommandName() + ": error: " + what);
            return 2;
        }
        throw e;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version Maven filtered into the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ola " + OlaVersion.get()};
        }
    }
}
