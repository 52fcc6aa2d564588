import ConformReports
import Foundation
import Testing

@Suite struct AtomicFileTests {
    @Test func writesNewFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("report.md")

        try AtomicFile.write("first\n", to: path)

        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
    }

    @Test func replacesExistingFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("report.md")
        try AtomicFile.write("a longer first version\n", to: path)

        try AtomicFile.write("second\n", to: path)

        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
    }

    @Test func leavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        try AtomicFile.write("first\n", to: folder.path("junit.xml"))
        try AtomicFile.write("second\n", to: folder.path("junit.xml"))

        #expect(try folder.entries() == ["junit.xml"])
    }

    @Test func createsMissingFolders() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("Reports/nested/junit.xml")

        try AtomicFile.write("<testsuites/>\n", to: path)

        #expect(try String(contentsOfFile: path, encoding: .utf8) == "<testsuites/>\n")
    }

    @Test func writesUTF8() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("report.md")

        try AtomicFile.write("→ é 漢字\n", to: path)

        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("→ é 漢字\n".utf8))
    }

    @Test func failsWhenFolderIsFile() throws {
        let folder = try TemporaryFolder()
        try AtomicFile.write("not a folder\n", to: folder.path("Reports"))

        #expect(throws: (any Error).self) {
            try AtomicFile.write("report\n", to: folder.path("Reports/report.md"))
        }
        #expect(try folder.entries() == ["Reports"])
    }
}
