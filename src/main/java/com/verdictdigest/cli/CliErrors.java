package com.verdictdigest.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Maps what a command throws to one clear line on stderr and an exit code. */
class CliErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        if (ex instanceof CliException e) {
            cl.getErr().println(cl.getColorScheme().errorText("error: " + e.getMessage()));
            return e.exitCode();
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root == ex ? String.valueOf(ex.getMessage())
                : ex.getMessage() + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        cl.getErr().println(cl.getColorScheme().errorText("error: " + what));
        if (Boolean.getBoolean("verdict.trace")) {
            ex.printStackTrace(cl.getErr());
        }
        return 1;
    }
}
