// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "conform",
    products: [
        .executable(name: "conform", targets: ["conform"])
    ],
    targets: [
        // C bridges: each is imported by exactly one Swift module.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "ConformCrypto", dependencies: ["CCrypto"]),
        .target(name: "ConformSigV4", dependencies: ["ConformCrypto"]),
        .target(name: "ConformLanguage", dependencies: ["CYAML"]),
        .target(name: "ConformTransport", dependencies: ["CCurl", "ConformSigV4", "ConformCrypto"]),
        .target(name: "ConformEngine", dependencies: ["ConformLanguage", "ConformTransport"]),
        .target(name: "ConformReports", dependencies: ["ConformEngine", "ConformLanguage"]),
        .executableTarget(
            name: "conform",
            dependencies: ["ConformLanguage", "ConformEngine", "ConformReports", "ConformTransport"]
        ),
        // Measures the transports; scripts/benchmark.sh runs it. Not part of `make test`.
        .executableTarget(
            name: "conform-bench", dependencies: ["ConformTransport", "ConformLanguage", "ConformSigV4"],
            path: "Benchmarks/conform-bench"),

        // Starts the reference stack and runs the CLI for the tests that need real servers.
        .target(name: "ConformTestSupport", path: "Tests/ConformTestSupport"),

        .testTarget(name: "ConformSigV4Tests", dependencies: ["ConformSigV4"]),
        .testTarget(name: "ConformLanguageTests", dependencies: ["ConformLanguage", "ConformTestSupport"]),
        .testTarget(name: "ConformTransportTests", dependencies: ["ConformTransport", "ConformTestSupport"]),
        .testTarget(name: "ConformEngineTests", dependencies: ["ConformEngine", "ConformLanguage", "ConformTestSupport"]),
        .testTarget(name: "ConformReportsTests", dependencies: ["ConformReports", "ConformEngine"], exclude: ["Golden"]),
        .testTarget(name: "ConformCLITests", dependencies: ["ConformTestSupport"]),
        // Runs every shipped scenario against the healthy stack and against fault modes.
        .testTarget(name: "ConformMatrixTests", dependencies: ["ConformTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
