import Foundation
import PalisadeCore
import Storage

/// Drives the command queue the way checking-in devices do and reports throughput and latency.
struct QueueBenchmark {
    let store: SQLStorage
    let devices: Int
    let backlog: Int
    let concurrency: Int

    func run() async throws -> String {
        let epoch = Date()
        var ids: [DeviceID] = []
        for index in 0..<devices {
            let device = Device(platform: index.isMultiple(of: 2) ? .ios : .android, enrollmentState: .enrolled, createdAt: epoch)
            try await store.createDevice(device)
            ids.append(device.id)
        }
        let fillStarted = ContinuousClock.now
        for chunk in stride(from: 0, to: ids.count, by: 50).map({ Array(ids[$0..<min($0 + 50, ids.count)]) }) {
            try await store.enqueue(chunk.flatMap { device in
                (0..<backlog).map { _ in
                    Command(deviceID: device, requestType: "DeviceInformation", state: .acknowledged, createdAt: epoch, completedAt: epoch)
                }
            })
        }
        let fill = ContinuousClock.now - fillStarted
        try await store.enqueue(ids.flatMap { device in
            [Command(deviceID: device, requestType: "DeviceInformation", createdAt: epoch),
             Command(deviceID: device, requestType: "InstalledApplicationList", createdAt: epoch)]
        })

        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for worker in 0..<concurrency {
                let mine = stride(from: worker, to: ids.count, by: concurrency).map { ids[$0] }
                group.addTask {
                    var timings: [Duration] = []
                    for device in mine {
                        let began = ContinuousClock.now
                        let session = try await store.beginSession(for: device)
                        while let command = try await store.nextCommand(for: device, session: session, at: Date()) {
                            _ = try await store.record(CommandReport(status: .acknowledged), for: command.id, from: device, session: session, at: Date())
                        }
                        timings.append(ContinuousClock.now - began)
                    }
                    return timings
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = ContinuousClock.now - started
        let pruneStarted = ContinuousClock.now
        let pruned = try await store.pruneFinished(before: Date().addingTimeInterval(3600), limit: devices * (backlog + 2))
        let prune = ContinuousClock.now - pruneStarted

        let latency = Timings.percentiles(latencies)
        let milliseconds = Timings.milliseconds
        let seconds = Timings.seconds(elapsed)
        return """
            devices: \(devices), finished commands in the table: \(devices * backlog) (filled in \(milliseconds(fill))), concurrency: \(concurrency)
            sessions: \(latencies.count) (each: begin, 2 commands delivered and acknowledged, empty queue) in \(String(format: "%.2f", seconds)) s
            sessions per second: \(String(format: "%.0f", Double(latencies.count) / seconds)); queue operations per second: \(String(format: "%.0f", Double(latencies.count * 6) / seconds))
            session latency: median \(milliseconds(latency.median)), p99 \(milliseconds(latency.p99))
            pruned \(pruned) finished commands in \(milliseconds(prune))
            """
    }
}
