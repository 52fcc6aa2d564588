import Foundation
import Testing

/// Paths to files outside the test target: the JUnit schemas, the stack's venv, the golden files.
enum RepositoryPaths {
    /// Returns the package root: the nearest folder above this file that contains Package.swift.
    static func packageRoot(from file: String = #filePath) throws -> URL {
        var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        throw LookupError(message: "Package.swift not found in any folder above \(file)")
    }

    /// Returns the path of the JUnit schema `name` in `shared/schemas` beside the package root.
    static func schema(_ name: String) throws -> String {
        let path = try packageRoot().appendingPathComponent("../shared/schemas/\(name)").standardized.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw LookupError(message: "JUnit schema not found at \(path); the schemas are expected in ../shared/schemas next to the package")
        }
        return path
    }

    /// Returns the Python of the reference stack's venv, which has junitparser installed.
    static func stackPython() throws -> String {
        let path = try packageRoot().appendingPathComponent("Fixtures/stack/.venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw LookupError(message: "the reference stack's venv is missing (\(path)); run `make test` once to create it")
        }
        return path
    }

    /// Returns the folder of the DEV report golden files.
    static func goldenFolder(from file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    struct LookupError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
