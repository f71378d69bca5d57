package org.scorefdt.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt completion}: prints the shell completion script that picocli generates from the
 * command tree, so it never falls behind the options. The script is bash; zsh runs it after
 * {@code autoload -U +X bashcompinit && bashcompinit}. Install: {@code source <(scorefdt completion)}.
 */
@Command(mixinStandardHelpOptions = true, name = "completion",
        description = {"Print the bash/zsh completion script of scorefdt.",
            "bash: source <(scorefdt completion); zsh: autoload -U +X bashcompinit && bashcompinit, then the same."})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) root = root.getParent();
        root.getOut().print(AutoComplete.bash(root.getCommandName(), root));
        root.getOut().flush();
        return Main.EXIT_OK;
    }
}
