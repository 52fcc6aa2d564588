import Foundation

#if canImport(Glibc)
    import Glibc
#endif

setvbuf(stdout, nil, _IOLBF, 0)

let usage = """
    usage: conform-bench <command> [options]

    Measures conform's transports in this process. Each command prints its results as name=value
    lines: wall time in seconds, CPU time (user + system, from getrusage) in seconds and the peak
    resident set size in KiB.

    commands:
      http-gets --url URL --count N
          N sequential GET requests through one HTTPClient, as an http step sends them.
      s3-lists --endpoint URL --bucket NAME --prefix PREFIX --count N [--region REGION]
          N sequential ListObjectsV2 listings through one S3Client. The credentials are read from
          AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
      upload --url URL --file PATH [--timeout SECONDS]
          One multipart/form-data POST of the file, streamed from disk (default timeout 600 s).
    """

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first, command != "--help", command != "-h" else {
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
}

do {
    let options = try BenchmarkOptions(Array(arguments.dropFirst()))
    let report: BenchmarkReport
    switch command {
    case "http-gets":
        report = try HTTPGetsBenchmark(options: options).run()
    case "s3-lists":
        report = try S3ListsBenchmark(options: options).run()
    case "upload":
        report = try UploadBenchmark(options: options).run()
    default:
        throw BenchmarkError("unknown command '\(command)'; the commands are http-gets, s3-lists and upload")
    }
    report.print()
    exit(report.failures == 0 ? 0 : 1)
} catch let error as BenchmarkError {
    FileHandle.standardError.write(Data("conform-bench: \(error.message)\nRun 'conform-bench --help' for usage.\n".utf8))
    exit(2)
}
