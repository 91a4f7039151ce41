package dev.p2pshare.peer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.p2pshare.protocol.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the peer's packages may depend on each other: the core and its engine below, the front ends
 * above, and the wire nowhere but in {@code net}.
 */
class PackageRulesTest {

    private static final String PEER = "dev.p2pshare.peer";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PEER);
    }

    @Test
    void noPackageDependsOnAnotherThatDependsOnIt() {
        slices().assignedFrom(new TopLevelPackages()).should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyNetSpeaksTheWire() {
        noClasses().that().resideInAPackage(PEER + "..").and().resideOutsideOfPackage(PEER + ".net..")
                .should().dependOnClassesThat().areAssignableTo(Message.class)
                .because("the tracker link and source connections turn messages into the peer's own values")
                .check(classes);
    }

    @Test
    void theCoreAndItsEngineKnowNoFrontEnd() {
        noClasses().that().resideInAnyPackage(PEER, PEER + ".transfer..", PEER + ".net..", PEER + ".folder..",
                PEER + ".reference..")
                .should().dependOnClassesThat().resideInAnyPackage(PEER + ".cli..", PEER + ".web..", PEER + ".view..")
                .check(classes);
    }

    @Test
    void theEngineDoesNotReachUpIntoThePeer() {
        noClasses().that().resideInAnyPackage(PEER + ".transfer..", PEER + ".net..", PEER + ".folder..",
                PEER + ".reference..")
                .should().dependOnClassesThat().resideInAPackage(PEER)
                .check(classes);
    }

    @Test
    void theWebPageAndTheShellShareViewsNotEachOther() {
        noClasses().that().resideInAPackage(PEER + ".web..").should().dependOnClassesThat()
                .resideInAPackage(PEER + ".cli..").check(classes);
    }

    /** Each package right under the peer's, and the peer's own as {@code core}. */
    private static final class TopLevelPackages implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(PEER)) {
                return SliceIdentifier.of("core");
            }
            if (!name.startsWith(PEER + ".")) {
                return SliceIdentifier.ignore();
            }
            return SliceIdentifier.of(name.substring(PEER.length() + 1).split("\\.")[0]);
        }

        @Override
        public String getDescription() {
            return "the peer's top-level packages";
        }
    }
}
