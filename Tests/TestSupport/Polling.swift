import Foundation

/// The one way tests wait for something another task or process does: check, and check again until it holds or
/// time runs out. The limit only guards against a hang (the suite shares two cores with itself, and a first TLS and
/// HTTP/2 connection can take seconds under that load); a condition that holds returns at once.
public enum Polling {
    /// Checks `condition` every `interval` until it holds (`true`) or `seconds` have passed (`false`). An error
    /// thrown while waiting counts as "not yet" (a server still starting refuses connections); one thrown by the last
    /// check, at the deadline, is passed on, so a test that never sees its condition can say why.
    public static func until(
        _ seconds: Double = 60, every interval: Duration = .milliseconds(50), _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return true }
            try await Task.sleep(for: interval)
        }
        return try await condition()
    }
}
