import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU time a process has used, user and system together, as the operating system counts it: the figure that holds
/// on a shared machine, where wall-clock rates move with whatever else is running.
enum ProcessCPUTime {
    /// This process's own, from `getrusage` (microsecond resolution).
    static func own() -> Duration {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return .seconds(Int64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec))
            + .microseconds(Int64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec))
    }

    /// Another process's, from `/proc/PID/stat` (utime + stime, in clock ticks of `sysconf(_SC_CLK_TCK)`, usually
    /// 10 ms). Threads that have ended are included; children are not.
    static func of(pid: Int32) throws(CLIError) -> Duration {
        let path = "/proc/\(pid)/stat"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("cannot read \(path): is \(pid) a running process on this machine? (--server-pid)")
        }
        // The command name (field 2) is in parentheses and may itself hold spaces or ')': count fields after the last one.
        guard let close = text.lastIndex(of: ")") else { throw CLIError("\(path) is not in the expected format") }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
        guard fields.count > 12, let user = Int64(fields[11]), let system = Int64(fields[12]) else {
            throw CLIError("\(path) is not in the expected format")
        }
        let ticksPerSecond = Int64(sysconf(Int32(_SC_CLK_TCK)))
        let ticks = user + system
        return .seconds(ticks / ticksPerSecond) + .nanoseconds((ticks % ticksPerSecond) * 1_000_000_000 / ticksPerSecond)
    }
}
