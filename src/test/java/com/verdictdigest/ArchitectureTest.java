package com.verdictdigest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Package by feature, with the dependencies pointing one way: catalog ← digest ← delivery ←
 * schedule, subscribers beside digest, the CLI on top of everything, nothing below it knowing it.
 */
@AnalyzeClasses(packages = "com.verdictdigest", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule nothingDependsOnTheCli = noClasses()
            .that().resideOutsideOfPackages("..cli..")
            .and().doNotHaveFullyQualifiedName("com.verdictdigest.VerdictDigestApplication")
            .should().dependOnClassesThat().resideInAPackage("..cli..");

    @ArchTest
    static final ArchRule catalogStandsAlone = noClasses()
            .that().resideInAPackage("..catalog..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..digest..", "..subscribers..", "..delivery..", "..schedule..");

    @ArchTest
    static final ArchRule subscribersKnowNothingOfSending = noClasses()
            .that().resideInAPackage("..subscribers..")
            .should().dependOnClassesThat().resideInAnyPackage("..digest..", "..delivery..", "..schedule..");

    @ArchTest
    static final ArchRule digestKnowsNothingOfScheduling = noClasses()
            .that().resideInAPackage("..digest..")
            .should().dependOnClassesThat().resideInAnyPackage("..schedule..");

    @ArchTest
    static final ArchRule deliveryKnowsNothingOfTheDigest = noClasses()
            .that().resideInAPackage("..delivery..")
            .should().dependOnClassesThat().resideInAnyPackage("..digest..");

    @ArchTest
    static final ArchRule deliveryIsNotDrivenFromTheSchedule = noClasses()
            .that().resideInAPackage("..delivery..")
            .should().dependOnClassesThat().resideInAPackage("..schedule..");
}
