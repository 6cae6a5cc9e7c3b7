import Foundation
import Inspection

/// Times `Inspector.inspect` on realistic device messages, one at a time, for median and p99.
struct InspectionBenchmark {
    let iterations: Int

    func run() throws -> String {
        let udid = "00008110-000A1C2E3F4A401E"
        let result = try SampleDeviceMessages.deviceInformationResult(udid: udid)
        let tokenUpdate = try PropertyListSerialization.data(fromPropertyList: [
            "MessageType": "TokenUpdate", "UDID": udid, "Topic": "com.apple.mgmt.External.5f0c2a44-8d0e-4c1b-9a53-2b1e7f3c9d10",
            "Token": Data(repeating: 7, count: 32), "PushMagic": UUID().uuidString, "UnlockToken": Data(repeating: 9, count: 1200),
            "AwaitingConfiguration": false,
        ], format: .xml, options: 0)
        // A signature of realistic size (an RSA 2048 detached CMS with its certificate is about 1.5 KB).
        let signature = Data([0x30, 0x82, 0x05, 0xDC] + [UInt8](repeating: 0x01, count: 0x5DC)).base64EncodedString()
        let inspector = Inspector()
        let now = Date()
        // The verdict is checked once, outside the timing: a refused message would measure the wrong path.
        func measure(_ request: InspectedRequest) -> (Duration, Duration, Bool) {
            let passed = inspector.inspect(request).decision.isPass
            let timing = Timings.measure(iterations) { _ = inspector.inspect(request) }
            return (timing.median, timing.p99, passed)
        }
        let connect = measure(InspectedRequest(
            method: "PUT", target: "/mdm/connect", headers: ["Mdm-Signature": signature], body: result,
            sourceAddress: "192.0.2.10", receivedAt: now
        ))
        let checkin = measure(InspectedRequest(
            method: "PUT", target: "/mdm/checkin",
            headers: ["Mdm-Signature": signature, "Content-Type": "application/x-apple-aspen-mdm-checkin"], body: tokenUpdate,
            sourceAddress: "192.0.2.10", receivedAt: now
        ))
        func micro(_ duration: Duration) -> String { Timings.microseconds(duration, decimals: 1) }
        return """
            inspection of a \(result.count) byte DeviceInformation result (PUT /mdm/connect): median \(micro(connect.0)), p99 \(micro(connect.1))\(connect.2 ? "" : " (REFUSED)")
            inspection of a \(tokenUpdate.count) byte TokenUpdate (PUT /mdm/checkin): median \(micro(checkin.0)), p99 \(micro(checkin.1))\(checkin.2 ? "" : " (REFUSED)")
            (\(iterations) timed inspections each, one at a time: guard, decode, schema checks, signature shape)
            """
    }
}
