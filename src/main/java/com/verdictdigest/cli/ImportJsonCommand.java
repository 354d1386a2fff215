package com.verdictdigest.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.verdictdigest.catalog.CatalogJson;
import com.verdictdigest.catalog.CatalogTransfer;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "import-json", mixinStandardHelpOptions = true,
        description = {"Import a catalog JSON file (the format export-json writes; schema: catalog-schema.md).",
                "Each comparison is stored in its own transaction: a bad one is reported with its line, column "
                        + "and field, the others still import. Re-importing the same file changes nothing.",
                "Exit code 1 if any comparison failed or the file is not a catalog document."})
class ImportJsonCommand extends SpringCommand {

    @Parameters(paramLabel = "FILE", description = "The catalog JSON file (- for standard input).")
    Path file;

    private byte[] json;

    @Override
    protected Database database() {
        return Database.CREATED;
    }

    @Override
    public Integer call() throws Exception {
        json = read(); // before booting Spring: a missing file fails at once
        return super.call();
    }

    private byte[] read() {
        try {
            return file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file");
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage());
        }
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx) {
        CatalogTransfer.Report report;
        try {
            report = ctx.getBean(CatalogTransfer.class).importDocument(json);
        } catch (CatalogJson.MalformedJsonException e) {
            throw new CliException(file + ":" + e.located() + " (nothing imported)");
        }
        for (String error : report.errors()) {
            err().println(file + ":" + error);
        }
        err().flush();
        out().println(file + ": " + report.summary());
        out().flush();
        return report.errors().isEmpty() ? 0 : 1;
    }
}
