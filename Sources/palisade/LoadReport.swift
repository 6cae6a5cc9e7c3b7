import Foundation

/// What `palisade bench load` measured, as the text it prints: one `name: value` line a figure, so that a person
/// reads it and a test or a script picks a line by its name.
struct LoadReport {
    let settings: LoadBenchmark.Settings
    let enrolTime: Duration
    let tally: LoadBenchmark.Tally
    /// Wall-clock time of the timed rounds only (queueing commands and warm-up are outside it).
    let elapsed: Duration
    let generatorCPU: Duration
    let serverCPU: [(pid: Int32, cpu: Duration)]
    /// Where the connects went.
    let url: String
    let commandLine: String

    var text: String {
        let connects = tally.connects
        let perConnect = { (cpu: Duration) -> String in
            connects == 0 ? "n/a" : String(format: "%.3f ms per connect", Timings.seconds(cpu) * 1000 / Double(connects))
        }
        let milliseconds = { (microseconds: UInt64) in String(format: "%.2f ms", Double(microseconds) / 1000) }
        let latency = tally.latency
        let kind = settings.commandType.map { "signed Idle -> \($0) -> signed Acknowledged result -> empty reply" } ?? "signed Idle -> empty reply"
        var lines = [
            "target: \(url)",
            "devices: \(settings.devices), enrolled in \(String(format: "%.1f", Timings.seconds(enrolTime))) s through invitations, SCEP, Authenticate and TokenUpdate",
            "connect: \(kind); \(settings.connections) keep-alive HTTP/1.1 connections over TLS, \(settings.rounds) timed rounds after \(settings.warmupRounds) warm-up",
            "connects: \(connects) in \(String(format: "%.2f", Timings.seconds(elapsed))) s (\(tally.requests) requests)",
            "connects per second: \(String(format: "%.0f", Double(connects) / max(Timings.seconds(elapsed), 1e-9)))",
            connects == 0 ? "latency: none succeeded" :
                "latency: p50 \(milliseconds(latency.valueAtPercentile(50))), p90 \(milliseconds(latency.valueAtPercentile(90))), "
                + "p99 \(milliseconds(latency.valueAtPercentile(99))), max \(milliseconds(latency.max))",
            "errors: " + (tally.errors.isEmpty ? "none" : tally.errors.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")),
            "generator CPU: \(String(format: "%.2f", Timings.seconds(generatorCPU))) s, \(perConnect(generatorCPU))",
        ]
        for (pid, cpu) in serverCPU {
            lines.append("server CPU pid \(pid): \(String(format: "%.2f", Timings.seconds(cpu))) s, \(perConnect(cpu))")
        }
        if serverCPU.count > 1 {
            let sum = serverCPU.reduce(Duration.zero) { $0 + $1.cpu }
            lines.append("server CPU all: \(String(format: "%.2f", Timings.seconds(sum))) s, \(perConnect(sum))")
        }
        lines.append("reproduce: \(commandLine)")
        return lines.joined(separator: "\n")
    }
}
