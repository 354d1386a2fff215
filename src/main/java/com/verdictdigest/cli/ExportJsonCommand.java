package com.verdictdigest.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.verdictdigest.catalog.CatalogTransfer;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "export-json", mixinStandardHelpOptions = true,
        description = {"Export every comparison, oldest first, with published and first-seen times, as a catalog "
                + "JSON file that import-json reads back exactly (schema: catalog-schema.md).",
                "The file is written whole or not at all (a temporary file renamed into place)."})
class ExportJsonCommand extends SpringCommand {

    @Parameters(paramLabel = "FILE", description = "Where to write (- for standard output).")
    Path file;

    @Override
    protected boolean readOnly() {
        return true;
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx) throws IOException {
        CatalogTransfer.Export export = ctx.getBean(CatalogTransfer.class).exportAll();
        String json = export.json();
        if (file.toString().equals("-")) {
            out().print(json);
            out().flush();
            return 0;
        }
        Path target = file.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            throw new CliException(file + ": no such directory " + target.getParent());
        }
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        out().println(file + ": " + export.comparisons() + " comparisons exported");
        out().flush();
        return 0;
    }
}
