import Foundation
import Testing

/// The JUnit file validates against both schemas that CI servers read, checked with xmllint.
@Suite struct JUnitSchemaTests {
    @Test("Ant strict schema accepts run", arguments: RunShape.allCases)
    func antStrictSchema(shape: RunShape) throws {
        try expectValid(shape, schema: "junit-ant-strict.xsd")
    }

    @Test("Jenkins xunit schema accepts run", arguments: RunShape.allCases)
    func jenkinsSchema(shape: RunShape) throws {
        try expectValid(shape, schema: "junit-jenkins-xunit.xsd")
    }

    private func expectValid(_ shape: RunShape, schema name: String) throws {
        let schema = try RepositoryPaths.schema(name)
        let folder = try TemporaryFolder()
        let path = try shape.writeJUnit(in: folder)

        let xmllint = try Subprocess.run("/usr/bin/xmllint", ["--noout", "--schema", schema, path])

        #expect(xmllint.status == 0, "xmllint rejected the \(shape.rawValue) run against \(name):\n\(xmllint.standardError)")
    }
}
