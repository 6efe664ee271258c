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
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the CLI tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
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
