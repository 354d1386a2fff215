package com.verdictdigest;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module picture of the README, checked against the code: each feature package is a Spring
 * Modulith module, depends only on the modules its {@code package-info.java} allows, and no
 * two modules depend on each other in a cycle. A renamed or new package fails here rather than
 * passing unchecked.
 */
class ModuleStructureTest {

    static final ApplicationModules MODULES = ApplicationModules.of(VerdictDigestApplication.class);

    static final List<String> FEATURES = List.of("system", "catalog", "mail", "subscribers", "delivery", "digest",
            "bounces", "schedule", "web", "cli", "votes");

    @Test
    void everyTopLevelPackageIsOneOfTheKnownModules() {
        assertThat(MODULES.stream().map(m -> m.getIdentifier().toString())).containsExactlyInAnyOrderElementsOf(FEATURES);
    }

    @Test
    void modulesDependOnlyOnWhatTheyAllowAndFormNoCycle() {
        MODULES.verify();
    }

    @Test
    void everyModuleButTheCliNamesItsAllowedDependencies() throws ClassNotFoundException {
        for (String module : FEATURES) {
            ApplicationModule declared = Class.forName("com.verdictdigest." + module + ".package-info")
                    .getAnnotation(ApplicationModule.class);
            assertThat(declared).as(module + "/package-info.java declares @ApplicationModule").isNotNull();
            if (module.equals("system")) {
                assertThat(declared.type()).as("system is open to all").isEqualTo(ApplicationModule.Type.OPEN);
                assertThat(declared.allowedDependencies()).as("system depends on no module").isEmpty();
            } else if (!module.equals("cli")) {
                assertThat(declared.allowedDependencies()).as(module + " lists what it may use").isNotEmpty();
            }
        }
    }

    /**
     * A module's SQL is its own: other modules call its services or read its published view, never
     * its repository (the catalog's is the read API the digest selects from).
     */
    @Test
    void noModuleUsesAnotherModulesRepository() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.verdictdigest");
        for (String module : List.of("subscribers", "delivery", "digest", "bounces", "schedule", "votes")) {
            noClasses().that().resideOutsideOfPackage("com.verdictdigest." + module + "..")
                    .should().dependOnClassesThat(resideInAPackage("com.verdictdigest." + module + "..")
                            .and(simpleNameEndingWith("Repository").or(simpleNameEndingWith("Runs"))))
                    .because("the " + module + " module's tables are written and read through its API")
                    .check(classes);
        }
    }

    /** Modulith checks module to module; the application class itself must not know the CLI either. */
    @Test
    void nothingButTheCliKnowsTheCli() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.verdictdigest");
        noClasses().that().resideOutsideOfPackage("com.verdictdigest.cli..")
                .should().dependOnClassesThat().resideInAPackage("com.verdictdigest.cli..")
                .check(classes);
    }
}
