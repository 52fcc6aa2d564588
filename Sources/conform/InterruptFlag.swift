import Dispatch
import Foundation

/// Set by SIGINT or SIGTERM; running requests and polls read it and stop.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var sources: [DispatchSourceSignal] = []

    var isSet: Bool { lock.withLock { set } }

    static func install() -> InterruptFlag {
        let flag = InterruptFlag()
        // A parent can start conform with these signals blocked (some test runners and CI agents
        // do), and a blocked signal never reaches the handler below.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                flag.lock.withLock { flag.set = true }
                FileHandle.standardError.write(Data("\ninterrupted: stopping running steps and writing reports\n".utf8))
            }
            source.resume()
            flag.sources.append(source)
        }
        return flag
    }
}
