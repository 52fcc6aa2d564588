import Foundation

/// Expands the paths on the command line into scenario files.
enum ScenarioFiles {
    struct NotFound: Error {
        var message: String
    }

    /// Returns the files: a file as given, a folder's `*.yaml`/`*.yml` files recursively, sorted by path.
    static func expand(_ paths: [String]) throws(NotFound) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw NotFound(message: "no such file or folder: '\(path)'")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            let enumerator = FileManager.default.enumerator(atPath: path)
            while let relative = enumerator?.nextObject() as? String {
                guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                found.append(base + "/" + relative)
            }
            if found.isEmpty { throw NotFound(message: "folder '\(path)' contains no *.yaml or *.yml scenario") }
            files += found.sorted()
        }
        return files
    }
}
